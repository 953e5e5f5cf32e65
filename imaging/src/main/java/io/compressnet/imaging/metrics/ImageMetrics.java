package io.compressnet.imaging.metrics;

/**
 * Per-image reconstruction quality: MSE, PSNR and SSIM on grayscale images scaled to [0, 1].
 *
 * <p>The definitions match the reference EMNIST results (see ARCHITECTURE.md, "Quality metrics"):
 * SSIM is exactly scikit-image's {@code structural_similarity(a, b, win_size=11, data_range=1.0)}
 * on float images, i.e. an 11x11 uniform window, sample covariance (N/(N-1) with N = 121), K1 =
 * 0.01, K2 = 0.03, and the mean of the SSIM map over the valid region only (a 5-pixel border is
 * dropped on every side, leaving 18x18 on 28x28). All arithmetic is in doubles.
 *
 * <p>Thread-safe: all methods are pure.
 */
public final class ImageMetrics {

  /**
   * PSNR reported for a perfect reconstruction (MSE = 0), and the ceiling for any PSNR.
   *
   * <p>The mathematical value is +infinity, which JSON cannot carry and which poisons every mean it
   * enters. 100 dB is finite and far above anything a lossy codec reaches: an 8-bit image that
   * differs from its original by a single grey level in a single pixel of a 28x28 image already
   * scores about 77 dB, and the reference autoencoder is near 24 dB. Values above the cap (only
   * possible for float images that differ by less than 1e-10 in MSE) are clamped to it so PSNR
   * stays monotone in MSE.
   */
  public static final double PSNR_CAP_DB = 100.0;

  /** Side of the square SSIM window, as in {@code win_size=11}. */
  public static final int SSIM_WINDOW = 11;

  private static final double K1 = 0.01;
  private static final double K2 = 0.03;
  private static final double DATA_RANGE = 1.0;
  private static final double C1 = (K1 * DATA_RANGE) * (K1 * DATA_RANGE);
  private static final double C2 = (K2 * DATA_RANGE) * (K2 * DATA_RANGE);
  private static final double GAUSSIAN_SIGMA = 1.5;
  private static final double[] GAUSSIAN_TAPS = gaussianTaps(GAUSSIAN_SIGMA, SSIM_WINDOW / 2);

  private ImageMetrics() {}

  /** Mean squared error of two 8-bit grayscale images, each pixel read as unsigned / 255. */
  public static double mse(byte[] original, byte[] reconstructed) {
    requireSameLength(original, reconstructed);
    long sumSquares = 0; // exact: at most 255^2 per pixel
    for (int i = 0; i < original.length; i++) {
      int diff = (original[i] & 0xFF) - (reconstructed[i] & 0xFF);
      sumSquares += (long) diff * diff;
    }
    return sumSquares / (255.0 * 255.0) / original.length;
  }

  /** Mean squared error of two images whose pixels are already in [0, 1]. */
  public static double mse(float[] a, float[] b) {
    requireSameLength(a, b);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double diff = (double) a[i] - b[i];
      sum += diff * diff;
    }
    return sum / a.length;
  }

  /**
   * PSNR in dB for data range 1: {@code 10 * log10(1 / mse)}, capped at {@link #PSNR_CAP_DB} (which
   * is also the value for {@code mse == 0}).
   *
   * @throws IllegalArgumentException if {@code mse} is negative or not finite
   */
  public static double psnr(double mse) {
    if (!(mse >= 0) || Double.isInfinite(mse)) {
      throw new IllegalArgumentException("MSE must be finite and >= 0, got " + mse);
    }
    if (mse == 0) {
      return PSNR_CAP_DB;
    }
    return Math.min(PSNR_CAP_DB, -10.0 * Math.log10(mse));
  }

  /** SSIM of two 8-bit grayscale images (row-major), pixels read as unsigned / 255. */
  public static double ssim(byte[] a, byte[] b, int width, int height) {
    requireSameLength(a, b);
    return ssimUniform(toUnit(a), toUnit(b), width, height);
  }

  /**
   * SSIM of two 8-bit images with {@code channels} interleaved channels (RGB RGB ...): the mean of
   * each channel's SSIM, as scikit-image's {@code structural_similarity(a, b, win_size=11,
   * data_range=1.0, channel_axis=-1)}. One channel is {@link #ssim(byte[], byte[], int, int)}.
   */
  public static double ssim(byte[] a, byte[] b, int width, int height, int channels) {
    requireSameLength(a, b);
    if (channels == 1) {
      return ssim(a, b, width, height);
    }
    if (a.length != width * height * channels) {
      throw new IllegalArgumentException(
          String.format(
              "%d values for a %dx%d image of %d channels (expected %d)",
              a.length, width, height, channels, width * height * channels));
    }
    double sum = 0;
    for (int c = 0; c < channels; c++) {
      sum += ssimUniform(plane(a, c, channels), plane(b, c, channels), width, height);
    }
    return sum / channels;
  }

  /** One channel of interleaved 8-bit values, scaled to [0, 1]. */
  private static double[] plane(byte[] interleaved, int channel, int channels) {
    double[] out = new double[interleaved.length / channels];
    for (int i = 0; i < out.length; i++) {
      out[i] = (interleaved[i * channels + channel] & 0xff) / 255.0;
    }
    return out;
  }

  /** SSIM of two row-major images whose pixels are already in [0, 1]. */
  public static double ssim(float[] a, float[] b, int width, int height) {
    requireSameLength(a, b);
    return ssimUniform(toDouble(a), toDouble(b), width, height);
  }

  /**
   * Gaussian-weighted SSIM as in Wang et al. 2004: scikit-image's {@code structural_similarity(a,
   * b, data_range=1.0, gaussian_weights=True, sigma=1.5, use_sample_covariance=False)} (an 11-tap
   * Gaussian, population covariance, 5-pixel border cropped).
   */
  public static double ssimGaussian(byte[] a, byte[] b, int width, int height) {
    requireSameLength(a, b);
    return ssimGaussian(toUnit(a), toUnit(b), width, height);
  }

  /**
   * Gaussian-weighted SSIM of two images in [0, 1]; see {@link #ssimGaussian(byte[], byte[], int,
   * int)}.
   */
  public static double ssimGaussian(float[] a, float[] b, int width, int height) {
    requireSameLength(a, b);
    return ssimGaussian(toDouble(a), toDouble(b), width, height);
  }

  private static double ssimUniform(double[] x, double[] y, int width, int height) {
    requireGeometry(x.length, width, height);
    int outW = width - SSIM_WINDOW + 1;
    int outH = height - SSIM_WINDOW + 1;
    // Window sums of x, y, x^2, y^2, xy: horizontal running sums per row, then vertical running
    // sums per column. O(pixels) regardless of the window size.
    double[][] rowSums = new double[5][height * outW];
    for (int r = 0; r < height; r++) {
      slideRow(x, y, r * width, rowSums, r * outW, outW);
    }
    double n = (double) SSIM_WINDOW * SSIM_WINDOW;
    double covNorm = n / (n - 1); // sample covariance, as skimage's use_sample_covariance=True
    double total = 0;
    double[] sums = new double[5];
    for (int c = 0; c < outW; c++) {
      java.util.Arrays.fill(sums, 0);
      for (int r = 0; r < SSIM_WINDOW; r++) {
        addColumn(rowSums, r * outW + c, sums, 1);
      }
      total += ssimAt(sums, n, covNorm);
      for (int r = 1; r < outH; r++) {
        addColumn(rowSums, (r - 1) * outW + c, sums, -1);
        addColumn(rowSums, (r + SSIM_WINDOW - 1) * outW + c, sums, 1);
        total += ssimAt(sums, n, covNorm);
      }
    }
    return total / ((double) outW * outH);
  }

  private static void slideRow(
      double[] x, double[] y, int rowStart, double[][] out, int outStart, int outW) {
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (int i = 0; i < SSIM_WINDOW; i++) {
      double xv = x[rowStart + i];
      double yv = y[rowStart + i];
      sx += xv;
      sy += yv;
      sxx += xv * xv;
      syy += yv * yv;
      sxy += xv * yv;
    }
    for (int c = 0; ; c++) {
      out[0][outStart + c] = sx;
      out[1][outStart + c] = sy;
      out[2][outStart + c] = sxx;
      out[3][outStart + c] = syy;
      out[4][outStart + c] = sxy;
      if (c + 1 == outW) {
        return;
      }
      double xo = x[rowStart + c];
      double yo = y[rowStart + c];
      double xn = x[rowStart + c + SSIM_WINDOW];
      double yn = y[rowStart + c + SSIM_WINDOW];
      sx += xn - xo;
      sy += yn - yo;
      sxx += xn * xn - xo * xo;
      syy += yn * yn - yo * yo;
      sxy += xn * yn - xo * yo;
    }
  }

  private static void addColumn(double[][] rowSums, int index, double[] sums, int sign) {
    for (int k = 0; k < 5; k++) {
      sums[k] += sign * rowSums[k][index];
    }
  }

  /** SSIM at one window from its sums (uniform weights 1/n). */
  private static double ssimAt(double[] sums, double n, double covNorm) {
    double ux = sums[0] / n;
    double uy = sums[1] / n;
    double vx = covNorm * (sums[2] / n - ux * ux);
    double vy = covNorm * (sums[3] / n - uy * uy);
    double vxy = covNorm * (sums[4] / n - ux * uy);
    return ssimFromMoments(ux, uy, vx, vy, vxy);
  }

  private static double ssimFromMoments(double ux, double uy, double vx, double vy, double vxy) {
    double a1 = 2 * ux * uy + C1;
    double a2 = 2 * vxy + C2;
    double b1 = ux * ux + uy * uy + C1;
    double b2 = vx + vy + C2;
    return (a1 * a2) / (b1 * b2);
  }

  private static double ssimGaussian(double[] x, double[] y, int width, int height) {
    requireGeometry(x.length, width, height);
    int outW = width - SSIM_WINDOW + 1;
    int outH = height - SSIM_WINDOW + 1;
    double[][] planes = {x, y, product(x, x), product(y, y), product(x, y)};
    double[][] filtered = new double[5][];
    for (int k = 0; k < 5; k++) {
      filtered[k] = separableValid(planes[k], width, height, GAUSSIAN_TAPS);
    }
    double total = 0;
    for (int i = 0; i < outW * outH; i++) {
      double ux = filtered[0][i];
      double uy = filtered[1][i];
      // Population covariance: skimage's use_sample_covariance=False.
      double vx = filtered[2][i] - ux * ux;
      double vy = filtered[3][i] - uy * uy;
      double vxy = filtered[4][i] - ux * uy;
      total += ssimFromMoments(ux, uy, vx, vy, vxy);
    }
    return total / ((double) outW * outH);
  }

  /** Separable correlation with symmetric taps, returning only the fully covered output pixels. */
  private static double[] separableValid(double[] img, int width, int height, double[] taps) {
    int outW = width - taps.length + 1;
    int outH = height - taps.length + 1;
    double[] horizontal = new double[height * outW];
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < outW; c++) {
        double s = 0;
        for (int t = 0; t < taps.length; t++) {
          s += taps[t] * img[r * width + c + t];
        }
        horizontal[r * outW + c] = s;
      }
    }
    double[] out = new double[outH * outW];
    for (int r = 0; r < outH; r++) {
      for (int c = 0; c < outW; c++) {
        double s = 0;
        for (int t = 0; t < taps.length; t++) {
          s += taps[t] * horizontal[(r + t) * outW + c];
        }
        out[r * outW + c] = s;
      }
    }
    return out;
  }

  /** Normalised Gaussian taps exp(-x^2 / (2 sigma^2)) for x in [-radius, radius], like SciPy. */
  private static double[] gaussianTaps(double sigma, int radius) {
    double[] taps = new double[2 * radius + 1];
    double sum = 0;
    for (int i = 0; i < taps.length; i++) {
      int x = i - radius;
      taps[i] = Math.exp(-0.5 / (sigma * sigma) * x * x);
      sum += taps[i];
    }
    for (int i = 0; i < taps.length; i++) {
      taps[i] /= sum;
    }
    return taps;
  }

  private static double[] product(double[] a, double[] b) {
    double[] p = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      p[i] = a[i] * b[i];
    }
    return p;
  }

  private static double[] toUnit(byte[] pixels) {
    double[] out = new double[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (pixels[i] & 0xFF) / 255.0;
    }
    return out;
  }

  private static double[] toDouble(float[] pixels) {
    double[] out = new double[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = pixels[i];
    }
    return out;
  }

  private static void requireSameLength(byte[] a, byte[] b) {
    requireSameLength(a.length, b.length);
  }

  private static void requireSameLength(float[] a, float[] b) {
    requireSameLength(a.length, b.length);
  }

  private static void requireSameLength(int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException("images differ in size: " + a + " vs " + b + " pixels");
    }
    if (a == 0) {
      throw new IllegalArgumentException("images are empty");
    }
  }

  private static void requireGeometry(int length, int width, int height) {
    if (width < SSIM_WINDOW || height < SSIM_WINDOW) {
      throw new IllegalArgumentException(
          "SSIM needs images of at least "
              + SSIM_WINDOW
              + "x"
              + SSIM_WINDOW
              + " pixels, got "
              + width
              + "x"
              + height);
    }
    if ((long) width * height != length) {
      throw new IllegalArgumentException(
          "expected "
              + width
              + "x"
              + height
              + " = "
              + ((long) width * height)
              + " pixels, got "
              + length);
    }
  }
}
