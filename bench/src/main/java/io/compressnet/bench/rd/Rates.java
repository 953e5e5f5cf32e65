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

  /** Encode and decode images per second of one codec. */
  record Speeds(double encodePerSecond, double decodePerSecond) {}

  private final long[] nanos = new long[CHUNKS];
  private final int[] counts = new int[CHUNKS];

  private Rates() {}

  /** The chunk an image of index {@code i} out of {@code n} falls into. */
  static int chunkOf(int i, int n) {
    return (int) ((long) i * CHUNKS / Math.max(1, n));
  }

  /**
   * Times {@code encode(i)} and {@code decode(i)} over images {@code 0 .. n-1}: a chunk's encodes
   * together, then its decodes; with {@code perImage}, each image's encode and decode on their own
   * (for coders whose messages the caller checks one by one).
   */
  static Speeds time(int n, boolean perImage, IntConsumer encode, IntConsumer decode) {
    Rates encodes = new Rates();
    Rates decodes = new Rates();
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
      long t2 = System.nanoTime();
      encodes.add(chunk, t1 - t0, to - from);
      decodes.add(chunk, t2 - t1, to - from);
      from = to;
    }
    return new Speeds(encodes.perSecond(), decodes.perSecond());
  }

  /** Throughput of two stages run one after the other on the same thread. */
  static double serial(double firstPerSecond, double secondPerSecond) {
    return 1 / (1 / firstPerSecond + 1 / secondPerSecond);
  }

  private void add(int chunk, long elapsedNanos, int images) {
    nanos[chunk] += elapsedNanos;
    counts[chunk] += images;
  }

  /** Median over chunks of images per second; NaN without images. */
  private double perSecond() {
    double[] rates =
        IntStream.range(0, CHUNKS)
            .filter(c -> counts[c] > 0 && nanos[c] > 0)
            .mapToDouble(c -> counts[c] / (nanos[c] / 1e9))
            .toArray();
    return rates.length == 0 ? Double.NaN : Stats.median(rates);
  }
}
