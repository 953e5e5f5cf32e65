package io.compressnet.bench.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Order statistics for benchmark figures, and the rounding the reports give them. */
public final class Stats {

  private Stats() {}

  /** The median; the mean of the two middle values for an even count. */
  public static double median(double[] values) {
    requireValues(values);
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /**
   * The nearest-rank percentile: the smallest value such that at least {@code p} percent of the
   * values are at or below it. Never interpolates, so it is always a latency that was observed.
   *
   * @param sorted values in ascending order
   * @param p percent in (0, 100]
   */
  public static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(1, rank) - 1];
  }

  /** Minimum and maximum of {@code values}: {@code [min, max]}. */
  public static double[] range(double[] values) {
    requireValues(values);
    return new double[] {
      Arrays.stream(values).min().getAsDouble(), Arrays.stream(values).max().getAsDouble()
    };
  }

  /** {@code v} to three decimals, as the pipeline report gives fractional figures. */
  public static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Every value of {@code values} to three decimals, in the same order. */
  static Map<String, Double> round3(Map<String, Double> values) {
    Map<String, Double> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, round3(v)));
    return out;
  }

  private static void requireValues(double[] values) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
  }
}
