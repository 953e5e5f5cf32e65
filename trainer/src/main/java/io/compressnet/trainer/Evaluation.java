package io.compressnet.trainer;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.metrics.ImageMetrics;
import io.compressnet.imaging.metrics.QualityAccumulator;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.imaging.quant.PackedLatent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a bundle on a set of images along the two paths the reference project reported: the whole
 * autoencoder in memory (float latent, never rounded) and the split path a message takes (encoder →
 * pack to bytes in the chosen encoding → unpack → decoder). Pixels are compared as the 8-bit images
 * a user would see, so the reconstruction is rounded to 8 bits on both paths. Both paths run the
 * services' own classes ({@link BatchEncoder}, {@link BatchDecoder}) with the services' default
 * pass size, so the figures written into a bundle come from the inference the services run: the
 * split path through {@link BatchEncoder#encodeMessages} and a decoder-service's reading of the
 * messages, the autoencoder path through the same encoder's and decoder's float-latent entry
 * points.
 *
 * <p>With a {@link Refinement}, a third path is the split path of an encoder-service configured for
 * refinement.
 */
public final class Evaluation {

  /** Images per encoder call; a memory bound only, since results do not depend on it. */
  private static final int BATCH = 512;

  /**
   * Rows per forward pass: the encoder- and decoder-services' default ({@code
   * compressnet.inference.pass.size} in streams-common's {@code InferenceServiceKeys}, 16).
   */
  static final int PASS_SIZE = BatchEncoder.DEFAULT_PASS_SIZE;

  /** Figures of one path. */
  public record PathScores(
      String path,
      String encoding,
      int bytesPerImage,
      double meanMessageBytes,
      long images,
      double meanMse,
      double aggregatePsnr,
      double meanPsnr,
      double meanSsim,
      double minSsim) {

    static PathScores of(String path, String encoding, int bytes, QualityAccumulator q) {
      return of(path, encoding, bytes, bytes, q);
    }

    static PathScores of(
        String path, String encoding, int bytes, double meanMessageBytes, QualityAccumulator q) {
      return new PathScores(
          path,
          encoding,
          bytes,
          meanMessageBytes,
          q.count(),
          q.meanMse(),
          q.aggregatePsnr(),
          q.meanPsnr(),
          q.meanSsim(),
          q.minSsim());
    }
  }

  /**
   * The whole evaluation of one bundle on one image set.
   *
   * @param refined the split path with encoder refinement, or null if it was not run
   * @param refinement the refinement of {@code refined} ({@link Refinement#NONE} if not run)
   */
  public record Report(
      String modelId,
      String images,
      int rawBytesPerImage,
      PathScores autoencoder,
      PathScores split,
      PathScores refined,
      Refinement refinement) {
    public double compressionRatio() {
      return rawBytesPerImage / split.meanMessageBytes();
    }
  }

  private Evaluation() {}

  /** Both paths without refinement. */
  public static Report run(
      ModelBundle bundle, ImageSet images, String imagesName, Encoding encoding) {
    return run(bundle, images, imagesName, encoding, Refinement.NONE);
  }

  /** Both paths, and the refined split path if {@code refinement} is on. */
  public static Report run(
      ModelBundle bundle,
      ImageSet images,
      String imagesName,
      Encoding encoding,
      Refinement refinement) {
    ModelSpec spec = bundle.spec();
    requireSize(bundle, images, imagesName);
    PathScores autoencoder;
    PathScores split;
    PathScores refined = null;
    try (BatchEncoder encoder = new BatchEncoder(bundle, encoding, PASS_SIZE);
        BatchDecoder decoder = new BatchDecoder(bundle, PASS_SIZE)) {
      autoencoder = inMemoryPath(encoder, decoder, images);
      split = messagePath("split", encoder, decoder, images, encoding.name());
      if (refinement.enabled()) {
        try (BatchEncoder refining = new BatchEncoder(bundle, encoding, PASS_SIZE, refinement)) {
          String label = encoding.name() + ", " + refinement.describe();
          refined = messagePath("refined", refining, decoder, images, label);
        }
      }
    }
    return new Report(
        bundle.modelId(), imagesName, spec.values(), autoencoder, split, refined, refinement);
  }

  private static void requireSize(ModelBundle bundle, ImageSet images, String imagesName) {
    ModelSpec spec = bundle.spec();
    if (images.width() != spec.width() || images.height() != spec.height()) {
      throw new IllegalArgumentException(
          String.format(
              "model %s takes %dx%d images but %s has %dx%d",
              bundle.modelId(),
              spec.width(),
              spec.height(),
              imagesName,
              images.width(),
              images.height()));
    }
  }

  /**
   * The whole autoencoder with its float latent kept in memory, never quantized: the reference
   * project's figure, and the ceiling of every wire encoding.
   */
  private static PathScores inMemoryPath(
      BatchEncoder encoder, BatchDecoder decoder, ImageSet images) {
    ModelSpec spec = encoder.bundle().spec();
    QualityAccumulator scores = new QualityAccumulator();
    for (List<byte[]> chunk : chunks(images)) {
      byte[][] rebuilt = decoder.decodeFloats(Arrays.asList(encoder.encodeFloats(chunk)));
      addPairs(chunk, rebuilt, spec, scores);
    }
    return PathScores.of("autoencoder", "FLOAT32 (in memory)", 4 * spec.latentDims(), scores);
  }

  /**
   * The split path of the messages an encoder-service and a decoder-service exchange: {@link
   * BatchEncoder#encodeMessages} to what a message carries, {@link #decodeMessages} back to 8-bit
   * pixels.
   */
  private static PathScores messagePath(
      String path, BatchEncoder encoder, BatchDecoder decoder, ImageSet images, String label) {
    ModelSpec spec = encoder.bundle().spec();
    QualityAccumulator scores = new QualityAccumulator();
    long messageBytes = 0;
    for (List<byte[]> chunk : chunks(images)) {
      PackedLatent[] messages = encoder.encodeMessages(chunk);
      for (PackedLatent message : messages) {
        messageBytes += message.bytes().length;
      }
      addPairs(chunk, decodeMessages(decoder, messages), spec, scores);
    }
    double meanMessageBytes = (double) messageBytes / images.size();
    return PathScores.of(path, label, encoder.bytesPerLatent(), meanMessageBytes, scores);
  }

  /** The images in calls of {@link #BATCH}, in order. */
  private static List<List<byte[]>> chunks(ImageSet images) {
    List<byte[]> all = Arrays.asList(images.images());
    List<List<byte[]>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += BATCH) {
      chunks.add(all.subList(from, Math.min(all.size(), from + BATCH)));
    }
    return chunks;
  }

  /**
   * Decodes messages as a decoder-service does: an {@code INT8_RANGE} latent is range-decoded to
   * its INT8 codes and decoded in the same passes as the messages that went out as INT8 (those
   * whose coded form was not shorter); each fixed-length encoding is one batch.
   *
   * @return one image per message, in order
   */
  static byte[][] decodeMessages(BatchDecoder decoder, PackedLatent[] messages) {
    Map<Encoding, List<Integer>> groups = new EnumMap<>(Encoding.class);
    for (int i = 0; i < messages.length; i++) {
      groups.computeIfAbsent(messages[i].encoding().uncoded(), e -> new ArrayList<>()).add(i);
    }
    byte[][] rebuilt = new byte[messages.length][];
    for (Map.Entry<Encoding, List<Integer>> group : groups.entrySet()) {
      List<byte[]> payloads = new ArrayList<>(group.getValue().size());
      for (int i : group.getValue()) {
        payloads.add(fixedLength(decoder.bundle(), messages[i]));
      }
      byte[][] images = decoder.decode(payloads, group.getKey());
      for (int k = 0; k < images.length; k++) {
        rebuilt[group.getValue().get(k)] = images[k];
      }
    }
    return rebuilt;
  }

  /** A message's latent in its fixed-length form: INT8_RANGE range-decoded to INT8 codes. */
  private static byte[] fixedLength(ModelBundle bundle, PackedLatent message) {
    return message.encoding() == Encoding.INT8_RANGE
        ? bundle.requireRangeCoder().decode(message.bytes())
        : message.bytes();
  }

  /** Scores each original / reconstruction pair of 8-bit images into {@code acc}. */
  private static void addPairs(
      List<byte[]> originals, byte[][] rebuilt, ModelSpec spec, QualityAccumulator acc) {
    for (int i = 0; i < rebuilt.length; i++) {
      acc.add(
          ImageMetrics.mse(originals.get(i), rebuilt[i]),
          ImageMetrics.ssim(
              originals.get(i), rebuilt[i], spec.width(), spec.height(), spec.channels()));
    }
  }
}
