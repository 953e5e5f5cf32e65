package io.compressnet.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.data.ImageSet;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.codec.metrics.ImageMetrics;
import io.compressnet.codec.metrics.QualityAccumulator;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.codec.quant.Encoding;
import io.compressnet.codec.quant.LatentPacker;
import io.compressnet.codec.quant.PackedLatent;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a bundle on a set of images along the two paths the reference project reported: the whole
 * autoencoder in memory (float latent, never rounded) and the split path a message takes (encoder →
 * pack to bytes in the chosen encoding → unpack → decoder). Pixels are compared as the 8-bit images
 * a user would see, so the reconstruction is rounded to 8 bits on both paths. The split path runs
 * the services' own classes ({@link BatchEncoder}, {@link BatchDecoder}), so the figures written
 * into a bundle are those of the services' messages.
 *
 * <p>With a {@link Refinement}, a third path is the split path of an encoder-service configured for
 * refinement.
 */
public final class Evaluation {

  private static final int BATCH = 512;

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
    QualityAccumulator whole = new QualityAccumulator();
    try (NDManager manager = Engine.getInstance().newBaseManager()) {
      Block encoder = bundle.newEncoderBlock(manager);
      Block decoder = bundle.newDecoderBlock(manager);
      ParameterStore store = new ParameterStore(manager, false);
      byte[][] all = images.images();
      for (int from = 0; from < all.length; from += BATCH) {
        int to = Math.min(all.length, from + BATCH);
        try (NDManager batch = manager.newSubManager()) {
          NDArray x =
              batch.create(
                  ImageSet.toUnitFloats(all, from, to, spec.pixels(), spec.channels()),
                  spec.inputShape(to - from));
          NDArray latent = encoder.forward(store, new NDList(x), false).singletonOrThrow();
          score(all, from, decode(decoder, store, latent), spec, whole);
        }
      }
    }
    return new Report(
        bundle.modelId(),
        imagesName,
        spec.values(),
        PathScores.of("autoencoder", "FLOAT32 (in memory)", 4 * spec.latentDims(), whole),
        servicePath("split", bundle, images, encoding, Refinement.NONE),
        refinement.enabled() ? servicePath("refined", bundle, images, encoding, refinement) : null,
        refinement);
  }

  /**
   * A split path through the services' own classes: {@link BatchEncoder} (with {@code refinement})
   * to wire bytes, {@link BatchDecoder} back to 8-bit pixels, so the figures written into a bundle
   * are those of the messages an encoder-service and a decoder-service exchange.
   */
  private static PathScores servicePath(
      String path, ModelBundle bundle, ImageSet images, Encoding encoding, Refinement refinement) {
    ModelSpec spec = bundle.spec();
    QualityAccumulator scores = new QualityAccumulator();
    int bytes;
    long messageBytes = 0;
    try (BatchEncoder encoder =
            new BatchEncoder(bundle, encoding, BatchEncoder.DEFAULT_PASS_SIZE, refinement);
        BatchDecoder decoder = new BatchDecoder(bundle)) {
      bytes = encoder.bytesPerLatent();
      byte[][] all = images.images();
      for (int from = 0; from < all.length; from += BATCH) {
        List<byte[]> chunk = Arrays.asList(all).subList(from, Math.min(all.length, from + BATCH));
        PackedLatent[] messages = encoder.encodeMessages(chunk);
        byte[][] rebuilt = decodeMessages(decoder, messages);
        for (PackedLatent message : messages) {
          messageBytes += message.bytes().length;
        }
        for (int i = 0; i < rebuilt.length; i++) {
          addPair(chunk.get(i), rebuilt[i], spec, scores);
        }
      }
    }
    String label =
        refinement.enabled() ? encoding.name() + ", " + refinement.describe() : encoding.name();
    return PathScores.of(path, label, bytes, (double) messageBytes / images.size(), scores);
  }

  /**
   * Decodes messages as a decoder-service does: an {@code INT8_RANGE} stream mixes coded latents
   * with the INT8 ones that did not code shorter, so each encoding is decoded as its own batch.
   */
  private static byte[][] decodeMessages(BatchDecoder decoder, PackedLatent[] messages) {
    byte[][] rebuilt = new byte[messages.length][];
    for (Encoding encoding : Encoding.values()) {
      List<Integer> positions = new java.util.ArrayList<>();
      List<byte[]> payloads = new java.util.ArrayList<>();
      for (int i = 0; i < messages.length; i++) {
        if (messages[i].encoding() == encoding) {
          positions.add(i);
          payloads.add(messages[i].bytes());
        }
      }
      if (!payloads.isEmpty()) {
        byte[][] images = decoder.decode(payloads, encoding);
        for (int k = 0; k < images.length; k++) {
          rebuilt[positions.get(k)] = images[k];
        }
      }
    }
    return rebuilt;
  }

  private static float[] decode(Block decoder, ParameterStore store, NDArray latent) {
    return decoder.forward(store, new NDList(latent), false).singletonOrThrow().toFloatArray();
  }

  /** Packs every latent to its wire bytes and back, exactly as encoder and decoder do. */
  static float[] roundTrip(float[] latents, int count, LatentPacker packer) {
    int dims = latents.length / count;
    float[] out = new float[latents.length];
    float[] one = new float[dims];
    for (int i = 0; i < count; i++) {
      System.arraycopy(latents, i * dims, one, 0, dims);
      float[] back = packer.unpack(packer.pack(one));
      System.arraycopy(back, 0, out, i * dims, dims);
    }
    return out;
  }

  private static void score(
      byte[][] originals, int from, float[] reconstructed, ModelSpec spec, QualityAccumulator acc) {
    int values = spec.values();
    for (int i = 0; i * values < reconstructed.length; i++) {
      byte[] original = originals[from + i];
      byte[] rebuilt = ImageSet.toPixels(reconstructed, i * values, spec.pixels(), spec.channels());
      addPair(original, rebuilt, spec, acc);
    }
  }

  /** Scores one original / reconstruction pair of 8-bit images into {@code acc}. */
  private static void addPair(
      byte[] original, byte[] rebuilt, ModelSpec spec, QualityAccumulator acc) {
    acc.add(
        ImageMetrics.mse(original, rebuilt),
        ImageMetrics.ssim(original, rebuilt, spec.width(), spec.height(), spec.channels()));
  }
}
