package io.compressnet.bench.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Order statistics for benchmark figures, and the rounding the reports give them. */
public final class Stats {

  private Stats() {}

  /** The median; the mean of the two middle values for an even count. */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /**
   * The nearest-rank percentile of ascending {@code sorted}: the smallest value such that at least
   * {@code p} percent (in (0, 100]) of the values are at or below it. Never interpolates, so it is
   * always a latency that was observed.
   */
  public static long percentile(long[] sorted, double p) {
    if (sorted.length == 0 || !(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile " + p + " of " + sorted.length + " values");
    }
    return sorted[Math.max(1, (int) Math.ceil(p / 100.0 * sorted.length)) - 1];
  }

  /** {@code v} to three decimals, as the pipeline report gives fractional figures. */
  public static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static Map<String, Double> round3(Map<String, Double> values) {
    Map<String, Double> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, round3(v)));
    return out;
  }
}
