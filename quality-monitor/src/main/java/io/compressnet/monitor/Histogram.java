package io.compressnet.monitor;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

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

  /** Bucket indexes in increasing order, {@code size} of them in use, with their counts. */
  private int[] keys = new int[8];

  private long[] counts = new long[8];
  private int size;
  private long total;

  void add(Scheme scheme, double value) {
    addCount(scheme.index(value), 1);
  }

  void merge(Histogram other) {
    for (int i = 0; i < other.size; i++) {
      addCount(other.keys[i], other.counts[i]);
    }
  }

  /**
   * Adds {@code n} to a bucket. A binary search over the buckets in use, and an insertion only the
   * first time a bucket is hit: after a window's first few hundred values, an add moves no memory.
   */
  private void addCount(int key, long n) {
    int at = Arrays.binarySearch(keys, 0, size, key);
    if (at >= 0) {
      counts[at] += n;
    } else {
      insert(-at - 1, key, n);
    }
    total += n;
  }

  private void insert(int at, int key, long n) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      counts = Arrays.copyOf(counts, size * 2);
    }
    System.arraycopy(keys, at, keys, at + 1, size - at);
    System.arraycopy(counts, at, counts, at + 1, size - at);
    keys[at] = key;
    counts[at] = n;
    size++;
  }

  long total() {
    return total;
  }

  int buckets() {
    return size;
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
    for (int i = 0; i < size; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.max(min, Math.min(max, scheme.representative(keys[i])));
      }
    }
    return max;
  }

  /**
   * Compact layout: the number of buckets, then per bucket the gap to the previous index and the
   * count, as variable-length integers (7 bits a byte). A window's state is written to its store on
   * every image, so the few hundred buckets of a latency histogram take a few hundred bytes rather
   * than 12 each.
   */
  void write(DataOutput out) throws IOException {
    writeVarLong(out, size);
    int previous = 0;
    for (int i = 0; i < size; i++) {
      writeVarLong(out, keys[i] - previous);
      writeVarLong(out, counts[i]);
      previous = keys[i];
    }
  }

  /** Reads {@link #write}'s layout. */
  static Histogram read(DataInput in) throws IOException {
    Histogram h = new Histogram();
    int n = Math.toIntExact(readVarLong(in));
    h.keys = new int[Math.max(8, n)];
    h.counts = new long[Math.max(8, n)];
    int key = 0;
    for (int i = 0; i < n; i++) {
      key += Math.toIntExact(readVarLong(in));
      long count = readVarLong(in);
      h.keys[i] = key;
      h.counts[i] = count;
      h.total += count;
    }
    h.size = n;
    return h;
  }

  /** Reads the layout of state written before the compact one (int index, long count). */
  static Histogram readFixedWidth(DataInput in) throws IOException {
    Histogram h = new Histogram();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      int k = in.readInt();
      h.addCount(k, in.readLong());
    }
    return h;
  }

  private static void writeVarLong(DataOutput out, long value) throws IOException {
    if (value < 0) {
      throw new IllegalArgumentException("negative histogram field " + value);
    }
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  private static long readVarLong(DataInput in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("malformed variable-length integer in histogram state");
  }
}
