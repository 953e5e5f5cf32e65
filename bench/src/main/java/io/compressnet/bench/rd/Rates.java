package io.compressnet.bench.rd;

import io.compressnet.bench.pipeline.Stats;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Images per second from chunked timings: a run over the images is cut into {@link #CHUNKS} chunks,
 * each timed on its own, and the median chunk rate is quoted (robust to a warm-up chunk or a burst
 * of other load on a shared machine).
 */
final class Rates {

  static final int CHUNKS = 5;

  record Speeds(double encodePerSecond, double decodePerSecond) {}

  private Rates() {}

  static int chunkOf(int i, int n) {
    return (int) ((long) i * CHUNKS / Math.max(1, n));
  }

  /**
   * Times {@code encode(i)} and {@code decode(i)} over images {@code 0 .. n-1}: a chunk's encodes
   * together, then its decodes; with {@code perImage}, each image's encode and decode on their own
   * (for coders whose messages the caller checks one by one).
   */
  static Speeds time(int n, boolean perImage, IntConsumer encode, IntConsumer decode) {
    long[][] nanos = new long[2][CHUNKS];
    int[] counts = new int[CHUNKS];
    for (int from = 0; from < n; ) {
      int chunk = chunkOf(from, n);
      int to = from + 1;
      while (!perImage && to < n && chunkOf(to, n) == chunk) {
        to++;
      }
      // Plain loops: a stream inside the timed region would be timed too.
      long t0 = System.nanoTime();
      for (int i = from; i < to; i++) {
        encode.accept(i);
      }
      long t1 = System.nanoTime();
      for (int i = from; i < to; i++) {
        decode.accept(i);
      }
      nanos[0][chunk] += t1 - t0;
      nanos[1][chunk] += System.nanoTime() - t1;
      counts[chunk] += to - from;
      from = to;
    }
    return new Speeds(perSecond(nanos[0], counts), perSecond(nanos[1], counts));
  }

  /** Throughput of two stages run one after the other on the same thread. */
  static double serial(double firstPerSecond, double secondPerSecond) {
    return 1 / (1 / firstPerSecond + 1 / secondPerSecond);
  }

  private static double perSecond(long[] nanos, int[] counts) {
    double[] rates =
        IntStream.range(0, CHUNKS)
            .filter(c -> counts[c] > 0 && nanos[c] > 0)
            .mapToDouble(c -> counts[c] / (nanos[c] / 1e9))
            .toArray();
    return rates.length == 0 ? Double.NaN : Stats.median(rates);
  }
}
