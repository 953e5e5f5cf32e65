package io.compressnet.codec.inference;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.entropy.Int8RangeCoder;
import io.compressnet.imaging.entropy.StaticLatentModel;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.imaging.quant.PackedLatent;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fits a bundle's {@code INT8_RANGE} tables: one frequency table per latent dimension, counted over
 * the INT8 codes that the bundle's encoder (no refinement) gives the training images, every symbol
 * floored at frequency 1 so that codes never seen in training stay codable.
 */
public final class EntropyTableFit {

  /** Images per encoder call. */
  private static final int CHUNK = 256;

  /**
   * A bundle with fitted tables, and how its coder did on the images it was fitted on (in-sample,
   * so a slight underestimate of what unseen images cost).
   *
   * @param bundle the bundle with its tables (a new model id)
   * @param images images the tables were fitted on
   * @param meanMessageBytes mean latent bytes per message with INT8_RANGE, fallbacks included
   * @param fallbacks latents that would have gone out as INT8 (coded form not shorter)
   */
  public record Result(ModelBundle bundle, int images, double meanMessageBytes, long fallbacks) {}

  private EntropyTableFit() {}

  /** The INT8 codes of {@code images} under {@code bundle}'s encoder, one row per image. */
  public static int[][] int8Codes(ModelBundle bundle, ImageSet images) {
    int[][] codes = new int[images.size()][];
    try (BatchEncoder encoder = new BatchEncoder(bundle, Encoding.INT8)) {
      for (int from = 0; from < images.size(); from += CHUNK) {
        int to = Math.min(images.size(), from + CHUNK);
        byte[][] packed = encoder.encode(Arrays.asList(images.images()).subList(from, to));
        for (int i = 0; i < packed.length; i++) {
          int[] row = new int[packed[i].length];
          for (int d = 0; d < row.length; d++) {
            row[d] = packed[i][d] & 0xFF;
          }
          codes[from + i] = row;
        }
      }
    }
    return codes;
  }

  /** Tables fitted on {@code images}' INT8 codes. */
  public static StaticLatentModel fit(ModelBundle bundle, ImageSet images) {
    if (images.size() == 0) {
      throw new IllegalArgumentException("need at least one image to fit entropy tables");
    }
    return StaticLatentModel.fit(int8Codes(bundle, images), bundle.spec().latentDims(), 256);
  }

  /**
   * Fits tables on {@code images} and writes {@code bundle} with them to {@code target} (see {@link
   * ModelBundle#withEntropyTables}).
   */
  public static Result fitAndWrite(ModelBundle bundle, ImageSet images, Path target) {
    return fitAndWrite(bundle, images, target, 1);
  }

  /**
   * Like {@link #fitAndWrite(ModelBundle, ImageSet, Path)}, on a latent grid {@code stepMultiplier}
   * times coarser than {@code bundle}'s (see {@link ModelBundle#withCoarserQuantization}): fewer
   * bytes per message for more rounding error. With a multiplier above 1, {@code target} must be a
   * new directory.
   */
  public static Result fitAndWrite(
      ModelBundle bundle, ImageSet images, Path target, int stepMultiplier) {
    if (images.size() == 0) {
      throw new IllegalArgumentException("need at least one image to fit entropy tables");
    }
    if (stepMultiplier != 1) {
      bundle = bundle.withCoarserQuantization(stepMultiplier, target);
    }
    int[][] codes = int8Codes(bundle, images);
    int dims = bundle.spec().latentDims();
    if (codes.length == 0) {
      throw new IllegalArgumentException("need at least one image to fit entropy tables");
    }
    StaticLatentModel tables = StaticLatentModel.fit(codes, dims, 256);
    Int8RangeCoder coder = new Int8RangeCoder(tables);
    long bytes = 0;
    long fallbacks = 0;
    for (int[] row : codes) {
      byte[] int8 = new byte[dims];
      for (int d = 0; d < dims; d++) {
        int8[d] = (byte) row[d];
      }
      PackedLatent message = BatchEncoder.toMessage(coder, int8);
      bytes += message.bytes().length;
      fallbacks += message.encoding() == Encoding.INT8 ? 1 : 0;
    }
    ModelBundle written = bundle.withEntropyTables(tables, target);
    return new Result(written, codes.length, (double) bytes / codes.length, fallbacks);
  }
}
