package io.compressnet.monitor;

import io.compressnet.schemas.avro.QualityWindow;
import java.util.List;
import java.util.Locale;

/**
 * One threshold on a window metric. A rule is only evaluated on windows with enough images ({@code
 * alert.min.images}); on other windows it keeps its state, so a quiet period neither raises nor
 * clears an alert.
 */
record AlertRule(String name, String metric, double threshold, boolean upperBound) {

  static List<AlertRule> from(MonitorConfig config) {
    return List.of(
        new AlertRule("ssim-min", "meanSsim", config.alertSsimMin(), false),
        new AlertRule("psnr-min", "aggregatePsnr", config.alertPsnrMin(), false),
        new AlertRule("missing-max", "missingRatio", config.alertMissingMaxRatio(), true));
  }

  /** The metric's value in the window, NaN when the window cannot judge this rule. */
  double value(QualityWindow w, long minImages) {
    long scored = w.getCount();
    long all = scored + w.getMissing();
    return switch (metric) {
      case "meanSsim" -> scored >= minImages ? w.getMeanSsim() : Double.NaN;
      case "aggregatePsnr" -> scored >= minImages ? w.getAggregatePsnr() : Double.NaN;
      case "missingRatio" -> all >= minImages ? (double) w.getMissing() / all : Double.NaN;
      default -> throw new IllegalStateException("unknown metric " + metric);
    };
  }

  boolean breached(double value) {
    return upperBound ? value > threshold : value < threshold;
  }

  String describe(double value, boolean firing) {
    String op = firing ? (upperBound ? ">" : "<") : (upperBound ? "<=" : ">=");
    return String.format(Locale.ROOT, "%s %.4f %s %.4f", metric, value, op, threshold);
  }
}
