package io.compressnet.imaging.metrics;

/**
 * Running aggregate of per-image quality scores, as reported on a validation set or in a rolling
 * window.
 *
 * <p>Keeps both PSNR flavours the reference results quote: the mean of per-image PSNR and the
 * aggregate PSNR of the mean MSE ({@code 10 log10(1 / meanMse)}). The two differ (aggregate PSNR is
 * lower, by Jensen's inequality), so reports must say which one they show.
 *
 * <p>Not thread-safe. State is five numbers ({@link #count()}, {@link #sumMse()}, {@link
 * #sumPsnr()}, {@link #sumSsim()}, {@link #minSsim()}) so a Kafka Streams aggregate can persist it
 * and rebuild it with {@link #restore}; {@link #merge} combines partial aggregates.
 */
public final class QualityAccumulator {

  private static final double SSIM_SLACK = 1e-9;

  private long count;
  private double sumMse;
  private double sumPsnr;
  private double sumSsim;
  private double minSsim = Double.POSITIVE_INFINITY;

  /** An empty accumulator. */
  public QualityAccumulator() {}

  /** Rebuilds an accumulator from the state its getters exposed. */
  public static QualityAccumulator restore(
      long count, double sumMse, double sumPsnr, double sumSsim, double minSsim) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    QualityAccumulator acc = new QualityAccumulator();
    acc.count = count;
    acc.sumMse = sumMse;
    acc.sumPsnr = sumPsnr;
    acc.sumSsim = sumSsim;
    acc.minSsim = count == 0 ? Double.POSITIVE_INFINITY : minSsim;
    return acc;
  }

  /**
   * Adds one image's scores; its PSNR is derived from {@code mse} with {@link
   * ImageMetrics#psnr(double)} (so a perfect image counts as {@link ImageMetrics#PSNR_CAP_DB}).
   *
   * @throws IllegalArgumentException if {@code mse} is negative or not finite, or {@code ssim} is
   *     not in [-1, 1]
   */
  public QualityAccumulator add(double mse, double ssim) {
    double psnr = ImageMetrics.psnr(mse); // validates mse
    // A hair of slack: SSIM is <= 1 mathematically, but a rounded value may overshoot by an ulp.
    if (!(ssim >= -1.0 - SSIM_SLACK && ssim <= 1.0 + SSIM_SLACK)) {
      throw new IllegalArgumentException("SSIM must be in [-1, 1], got " + ssim);
    }
    count++;
    sumMse += mse;
    sumPsnr += psnr;
    sumSsim += ssim;
    minSsim = Math.min(minSsim, ssim);
    return this;
  }

  /** Adds another accumulator's images to this one. */
  public QualityAccumulator merge(QualityAccumulator other) {
    count += other.count;
    sumMse += other.sumMse;
    sumPsnr += other.sumPsnr;
    sumSsim += other.sumSsim;
    minSsim = Math.min(minSsim, other.minSsim);
    return this;
  }

  public long count() {
    return count;
  }

  public double sumMse() {
    return sumMse;
  }

  public double sumPsnr() {
    return sumPsnr;
  }

  public double sumSsim() {
    return sumSsim;
  }

  /** Mean MSE over all images (the "aggregate MSE"). */
  public double meanMse() {
    requireNotEmpty();
    return sumMse / count;
  }

  /** PSNR of the mean MSE, {@code 10 log10(1 / meanMse())}, capped like per-image PSNR. */
  public double aggregatePsnr() {
    return ImageMetrics.psnr(meanMse());
  }

  /** Mean of per-image PSNR values. */
  public double meanPsnr() {
    requireNotEmpty();
    return sumPsnr / count;
  }

  public double meanSsim() {
    requireNotEmpty();
    return sumSsim / count;
  }

  public double minSsim() {
    requireNotEmpty();
    return minSsim;
  }

  private void requireNotEmpty() {
    // An empty aggregate has no meaningful mean; NaN would leak into JSON and Avro silently.
    if (count == 0) {
      throw new IllegalStateException("no images added yet");
    }
  }

  @Override
  public String toString() {
    if (count == 0) {
      return "QualityAccumulator{count=0}";
    }
    return String.format(
        java.util.Locale.ROOT,
        "QualityAccumulator{count=%d, meanMse=%.6f, aggregatePsnr=%.3f dB, meanPsnr=%.3f dB,"
            + " meanSsim=%.5f, minSsim=%.5f}",
        count,
        meanMse(),
        aggregatePsnr(),
        meanPsnr(),
        meanSsim(),
        minSsim());
  }
}
