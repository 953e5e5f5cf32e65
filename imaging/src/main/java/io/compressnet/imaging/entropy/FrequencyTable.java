package io.compressnet.imaging.entropy;

import java.util.Arrays;

/**
 * Static symbol frequencies for the range coder: symbols {@code 0..n-1}, every frequency at least 1
 * (so any symbol stays codable, even one never seen when the table was fitted), summing to exactly
 * {@code 2^totalBits}. A power-of-two total lets the coder divide by shifting.
 *
 * <p>Immutable and thread-safe.
 */
public final class FrequencyTable {

  /** Largest supported total: the coder keeps at least 2^24 of range, so 2^8 per unit is left. */
  public static final int MAX_TOTAL_BITS = 16;

  private final int totalBits;
  private final int[] freq;
  private final int[] cum; // cum[s] = sum of freq[0..s-1]; cum[n] = total

  private FrequencyTable(int totalBits, int[] freq) {
    this.totalBits = totalBits;
    this.freq = freq;
    this.cum = new int[freq.length + 1];
    for (int s = 0; s < freq.length; s++) {
      cum[s + 1] = cum[s] + freq[s];
    }
    if (cum[freq.length] != 1 << totalBits) {
      throw new IllegalStateException("frequencies sum to " + cum[freq.length]);
    }
  }

  /**
   * Scales observed counts to a table: each symbol gets 1 plus its share of the remaining {@code
   * 2^totalBits - n} units (rounded down); what rounding leaves over goes to the most frequent
   * symbol, where it costs least. All-zero counts give a uniform table.
   */
  public static FrequencyTable fromCounts(long[] counts, int totalBits) {
    int n = counts.length;
    if (totalBits < 1 || totalBits > MAX_TOTAL_BITS) {
      throw new IllegalArgumentException(
          "totalBits must be in [1, " + MAX_TOTAL_BITS + "], got " + totalBits);
    }
    int total = 1 << totalBits;
    if (n < 1 || n >= total) {
      throw new IllegalArgumentException(
          "need 1 <= symbols < 2^totalBits, got " + n + " symbols for total " + total);
    }
    long sum = 0;
    int argMax = 0;
    for (int s = 0; s < n; s++) {
      if (counts[s] < 0) {
        throw new IllegalArgumentException("count of symbol " + s + " is negative");
      }
      sum += counts[s];
      if (counts[s] > counts[argMax]) {
        argMax = s;
      }
    }
    int[] freq = new int[n];
    int spare = total - n;
    int used = 0;
    for (int s = 0; s < n; s++) {
      long share = sum == 0 ? spare / n : (long) ((double) counts[s] * spare / sum);
      freq[s] = 1 + (int) share;
      used += freq[s];
    }
    freq[argMax] += total - used;
    return new FrequencyTable(totalBits, freq);
  }

  /**
   * A table from stored frequencies, e.g. read back from a bundle: every frequency must be at least
   * 1 and they must sum to exactly {@code 2^totalBits}.
   *
   * @throws IllegalArgumentException otherwise, naming the first offending symbol or the sum
   */
  public static FrequencyTable of(int[] frequencies, int totalBits) {
    if (totalBits < 1 || totalBits > MAX_TOTAL_BITS) {
      throw new IllegalArgumentException(
          "totalBits must be in [1, " + MAX_TOTAL_BITS + "], got " + totalBits);
    }
    if (frequencies.length < 1 || frequencies.length >= 1 << totalBits) {
      throw new IllegalArgumentException(
          "need 1 <= symbols < 2^totalBits, got " + frequencies.length + " symbols");
    }
    long sum = 0;
    for (int s = 0; s < frequencies.length; s++) {
      if (frequencies[s] < 1) {
        throw new IllegalArgumentException(
            "frequency of symbol " + s + " is " + frequencies[s] + "; every symbol needs >= 1");
      }
      sum += frequencies[s];
    }
    if (sum != 1L << totalBits) {
      throw new IllegalArgumentException(
          "frequencies sum to " + sum + ", expected 2^" + totalBits + " = " + (1L << totalBits));
    }
    return new FrequencyTable(totalBits, frequencies.clone());
  }

  public int symbols() {
    return freq.length;
  }

  public int totalBits() {
    return totalBits;
  }

  public int freq(int symbol) {
    return freq[symbol];
  }

  /** Sum of the frequencies of all symbols below {@code symbol}. */
  public int cumFreq(int symbol) {
    return cum[symbol];
  }

  /** The symbol whose interval {@code [cum, cum + freq)} holds {@code target}. */
  public int symbolFor(int target) {
    if (target < 0 || target >= cum[freq.length]) {
      throw new IllegalArgumentException("target " + target + " outside [0, total)");
    }
    // Largest s with cum[s] <= target.
    int lo = 0;
    int hi = freq.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (cum[mid] <= target) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Ideal code length of {@code symbol} under this table, in bits. */
  public double bits(int symbol) {
    return totalBits - Math.log(freq[symbol]) / Math.log(2);
  }

  /** The frequencies (a copy), e.g. to store the table. */
  public int[] frequencies() {
    return freq.clone();
  }

  @Override
  public String toString() {
    return "FrequencyTable{symbols=" + freq.length + ", total=2^" + totalBits + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FrequencyTable t && t.totalBits == totalBits && Arrays.equals(t.freq, freq);
  }

  @Override
  public int hashCode() {
    return 31 * totalBits + Arrays.hashCode(freq);
  }
}
