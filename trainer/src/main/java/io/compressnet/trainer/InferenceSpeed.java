package io.compressnet.trainer;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.imaging.data.ImageSet;
import java.util.Arrays;
import java.util.List;

/**
 * A quick throughput figure of the network alone (no Kafka) for comparison tables, through the
 * services' own {@link BatchEncoder} and {@link BatchDecoder} with their default pass size ({@link
 * Evaluation#PASS_SIZE}), on the PyTorch threads the JVM was configured with: the median of five
 * timed calls on one batch after a warm-up. It times the fixed-length latents ({@link
 * BatchEncoder#encode}, INT8 codes for an INT8_RANGE bundle), not the range coder, because {@code
 * bench rd} adds the coder's own time to it. The pipeline benchmark in {@code bench} is the
 * authority on service throughput.
 */
public final class InferenceSpeed {

  /** Images per second through encoder and decoder at one batch size. */
  public record Figures(int batchSize, double encodePerSecond, double decodePerSecond) {}

  private static final int PASSES = 5;
  private static final int WARM_UP = 3;

  private InferenceSpeed() {}

  public static Figures measure(ModelBundle bundle, ImageSet images, int batchSize) {
    int n = Math.min(batchSize, images.size());
    List<byte[]> batch = Arrays.asList(images.images()).subList(0, n);
    try (BatchEncoder encoder =
            new BatchEncoder(bundle, bundle.defaultEncoding(), Evaluation.PASS_SIZE);
        BatchDecoder decoder = new BatchDecoder(bundle, Evaluation.PASS_SIZE)) {
      List<byte[]> latents = Arrays.asList(encoder.encode(batch));
      double[] enc = new double[PASSES];
      double[] dec = new double[PASSES];
      for (int pass = -WARM_UP; pass < PASSES; pass++) {
        long t0 = System.nanoTime();
        encoder.encode(batch);
        long t1 = System.nanoTime();
        decoder.decode(latents, bundle.defaultEncoding().uncoded());
        long t2 = System.nanoTime();
        if (pass >= 0) {
          enc[pass] = n / ((t1 - t0) / 1e9);
          dec[pass] = n / ((t2 - t1) / 1e9);
        }
      }
      return new Figures(n, median(enc), median(dec));
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
