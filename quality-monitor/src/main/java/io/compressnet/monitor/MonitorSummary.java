package io.compressnet.monitor;

import io.compressnet.schemas.avro.QualityWindow;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the monitor scored since it started, over all models: the figures for the demo's
 * terminal table. Quality figures are NaN until the first image is scored. Percentiles come from
 * the bounded histograms (latency exact below 1 s, within 0.5 % above).
 *
 * @param meanLatentBytes mean latent payload per scored image as the messages carried it
 * @param tombstones null values on either input, skipped (not images, not dead letters)
 * @param perModel the same figures per model (QualityWindow of kind "all")
 * @param firing alerts currently firing, "model/rule" to message
 */
public record MonitorSummary(
    long count,
    double meanSsim,
    double minSsim,
    double meanMse,
    double aggregatePsnr,
    double meanPsnr,
    double latencyP50Ms,
    double latencyP99Ms,
    double compressionRatio,
    double meanLatentBytes,
    long missing,
    long orphans,
    long late,
    long deadLetters,
    long sampledOut,
    long tombstones,
    Map<String, QualityWindow> perModel,
    Map<String, String> firing) {

  /** A small fixed-width table for a terminal. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    row(sb, "images scored", Long.toString(count));
    row(sb, "mean SSIM", fmt("%.4f", meanSsim));
    row(sb, "min SSIM", fmt("%.4f", minSsim));
    row(sb, "mean MSE", fmt("%.5f", meanMse));
    row(sb, "aggregate PSNR", fmt("%.2f dB", aggregatePsnr));
    row(sb, "mean PSNR", fmt("%.2f dB", meanPsnr));
    row(sb, "latency p50 / p99", fmt("%.0f", latencyP50Ms) + " / " + fmt("%.0f ms", latencyP99Ms));
    row(sb, "latent bytes per image", fmt("%.2f (mean, as carried)", meanLatentBytes));
    row(sb, "compression ratio", fmt("%.1f : 1", compressionRatio));
    row(sb, "missing / orphans / late", missing + " / " + orphans + " / " + late);
    row(sb, "dead letters", Long.toString(deadLetters));
    row(sb, "sampled out", Long.toString(sampledOut));
    row(sb, "tombstones", Long.toString(tombstones));
    firing.forEach((k, v) -> row(sb, "FIRING " + k, v));
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, String value) {
    sb.append(String.format(Locale.ROOT, "%-26s %s%n", name, value));
  }

  private static String fmt(String format, double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
  }
}
