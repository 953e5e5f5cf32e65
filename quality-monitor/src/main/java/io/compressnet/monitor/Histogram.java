package io.compressnet.monitor;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sparse fixed-bucket histogram: bucket index to count, only non-empty buckets stored, so its
 * size is bounded by the number of distinct buckets hit (never by the number of values). Two
 * histograms over the same bucket scheme merge by adding counts. Percentiles are nearest-rank over
 * bucket representatives; {@link Scheme} says what a bucket stands for.
 */
final class Histogram {

  /** How values map to buckets and back. */
  interface Scheme {
    int index(double value);

    /** A representative value of the bucket (its centre, or the exact value). */
    double representative(int index);
  }

  /**
   * SSIM in [-1, 1] in 2001 buckets of width 0.001 (bucket i covers [-1 + i/1000, -1 + (i+1)/1000),
   * 1.0 has its own last bucket); representative = centre, so a percentile is within 0.0005 of the
   * exact sample value.
   */
  static final Scheme SSIM =
      new Scheme() {
        @Override
        public int index(double ssim) {
          double clamped = Math.max(-1.0, Math.min(1.0, ssim));
          return (int) Math.floor((clamped + 1.0) * 1000.0 + 1e-9);
        }

        @Override
        public double representative(int index) {
          return -1.0 + (index + 0.5) / 1000.0;
        }
      };

  /**
   * Latency in ms: exact 1 ms buckets from 0 to 999 ms, then logarithmic buckets 1 % wide (bucket
   * 1000 + k covers [1000 * 1.01^k, 1000 * 1.01^(k+1)) ms) with the geometric centre as
   * representative, i.e. within 0.5 % above one second. Negative latencies (producer clock ahead of
   * the decoder's) land in bucket 0.
   */
  static final Scheme LATENCY_MS =
      new Scheme() {
        private final double logStep = Math.log(1.01);

        @Override
        public int index(double ms) {
          if (ms < 1000) {
            return (int) Math.max(0, Math.floor(ms));
          }
          return 1000 + (int) Math.floor(Math.log(ms / 1000.0) / logStep + 1e-12);
        }

        @Override
        public double representative(int index) {
          if (index < 1000) {
            return index;
          }
          return 1000.0 * Math.pow(1.01, index - 1000 + 0.5);
        }
      };

  private final TreeMap<Integer, Long> counts = new TreeMap<>();
  private long total;

  void add(Scheme scheme, double value) {
    counts.merge(scheme.index(value), 1L, Long::sum);
    total++;
  }

  void merge(Histogram other) {
    other.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
    total += other.total;
  }

  long total() {
    return total;
  }

  int buckets() {
    return counts.size();
  }

  /**
   * Nearest-rank percentile ({@code p} in (0, 1]): the representative of the bucket holding the
   * value of rank ceil(p * n), clamped to [min, max] of the exact values seen (so a window of equal
   * values reports that value exactly). NaN when empty.
   */
  double percentile(Scheme scheme, double p, double min, double max) {
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(p * total - 1e-9));
    long seen = 0;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return Math.max(min, Math.min(max, scheme.representative(e.getKey())));
      }
    }
    return max;
  }

  void write(DataOutput out) throws IOException {
    out.writeInt(counts.size());
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      out.writeInt(e.getKey());
      out.writeLong(e.getValue());
    }
  }

  static Histogram read(DataInput in) throws IOException {
    Histogram h = new Histogram();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      int k = in.readInt();
      long v = in.readLong();
      h.counts.put(k, v);
      h.total += v;
    }
    return h;
  }
}
