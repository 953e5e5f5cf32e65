package io.compressnet.bench.rd;

import java.util.Arrays;

/**
 * Images per second from chunked timings: a run over the images is cut into {@link #CHUNKS} chunks,
 * each timed on its own, and the median chunk rate is quoted (robust to a warm-up chunk or a burst
 * of other load on a shared machine).
 */
final class Rates {

  static final int CHUNKS = 5;

  private final long[] nanos = new long[CHUNKS];
  private final int[] counts = new int[CHUNKS];

  /** The chunk an image of index {@code i} out of {@code n} falls into. */
  static int chunkOf(int i, int n) {
    return (int) ((long) i * CHUNKS / Math.max(1, n));
  }

  void add(int chunk, long elapsedNanos, int images) {
    nanos[chunk] += elapsedNanos;
    counts[chunk] += images;
  }

  /** Median over chunks of images per second. */
  double perSecond() {
    double[] rates =
        java.util.stream.IntStream.range(0, CHUNKS)
            .filter(c -> counts[c] > 0 && nanos[c] > 0)
            .mapToDouble(c -> counts[c] / (nanos[c] / 1e9))
            .toArray();
    return median(rates);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** Throughput of two stages run one after the other on the same thread. */
  static double serial(double firstPerSecond, double secondPerSecond) {
    return 1 / (1 / firstPerSecond + 1 / secondPerSecond);
  }
}
