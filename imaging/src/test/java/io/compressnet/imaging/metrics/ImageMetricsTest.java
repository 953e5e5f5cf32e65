package io.compressnet.imaging.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {

  private static final double EPS = 1e-12;

  @Test
  void shouldScaleBytePixelsToUnitRangeForMse() {
    // Given one pixel off by the full range and one identical pixel
    byte[] original = {0, (byte) 255};
    byte[] reconstructed = {(byte) 255, (byte) 255};

    // When / Then: ((1 - 0)^2 + 0) / 2
    assertThat(ImageMetrics.mse(original, reconstructed)).isCloseTo(0.5, within(EPS));
  }

  @Test
  void shouldReadBytesAsUnsigned() {
    // Given 128 and 127 (128 is negative as a signed byte)
    byte[] a = {(byte) 128};
    byte[] b = {(byte) 127};

    // Then the difference is one grey level, not 255
    assertThat(ImageMetrics.mse(a, b)).isCloseTo(1.0 / (255.0 * 255.0), within(EPS));
  }

  @Test
  void shouldComputeMseOfFloatImages() {
    assertThat(ImageMetrics.mse(new float[] {0f, 0.5f, 1f}, new float[] {0.1f, 0.5f, 0.7f}))
        .isCloseTo((0.01 + 0 + 0.09) / 3, within(1e-8));
  }

  @Test
  void shouldComputePsnrFromMse() {
    assertThat(ImageMetrics.psnr(0.01)).isCloseTo(20.0, within(EPS));
    assertThat(ImageMetrics.psnr(1.0)).isCloseTo(0.0, within(EPS));
    assertThat(ImageMetrics.psnr(0.004)).isCloseTo(23.979400086720375, within(EPS));
  }

  @Test
  void shouldReturnCapForPerfectReconstruction() {
    assertThat(ImageMetrics.psnr(0.0)).isEqualTo(ImageMetrics.PSNR_CAP_DB).isEqualTo(100.0);
  }

  @Test
  void shouldClampPsnrAboveCapSoItStaysMonotone() {
    assertThat(ImageMetrics.psnr(1e-12)).isEqualTo(100.0);
    assertThat(ImageMetrics.psnr(1e-10)).isCloseTo(100.0, within(1e-9));
  }

  @Test
  void shouldRejectInvalidMseForPsnr() {
    assertThatThrownBy(() -> ImageMetrics.psnr(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageMetrics.psnr(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageMetrics.psnr(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldScoreIdenticalImagesAsExactlyOne() {
    byte[] img = randomBytes(28 * 28, 1);

    assertThat(ImageMetrics.ssim(img, img.clone(), 28, 28)).isEqualTo(1.0);
    assertThat(ImageMetrics.ssimGaussian(img, img.clone(), 28, 28)).isEqualTo(1.0);
  }

  @Test
  void shouldMatchHandComputedSsimOfConstantImages() {
    // Given constant images: means 0 and 1, all variances 0, so SSIM = C1 / (1 + C1) everywhere
    byte[] black = new byte[28 * 28];
    byte[] white = new byte[28 * 28];
    java.util.Arrays.fill(white, (byte) 255);
    double c1 = 0.01 * 0.01;

    assertThat(ImageMetrics.ssim(black, white, 28, 28)).isCloseTo(c1 / (1 + c1), within(EPS));
  }

  @Test
  void shouldAverageSsimOverValidWindowsOnly() {
    // Given images that differ only in the corner pixel (0,0): only the single valid window at
    // (5,5) covers it, so if the border were included more windows would drop below 1.
    float[] a = new float[28 * 28];
    float[] b = new float[28 * 28];
    java.util.Arrays.fill(a, 0.5f);
    java.util.Arrays.fill(b, 0.5f);
    b[0] = 1.0f;

    // When
    double ssim = ImageMetrics.ssim(a, b, 28, 28);

    // Then: one of 18*18 windows is affected, computed by hand with sample covariance
    double n = 121;
    double ux = 0.5;
    double uy = 0.5 + 0.5 / n;
    double vx = 0;
    double vy = n / (n - 1) * ((120 * 0.25 + 1.0) / n - uy * uy);
    double vxy = n / (n - 1) * (0.5 * (120 * 0.5 + 1.0) / n - ux * uy);
    double c1 = 1e-4;
    double c2 = 9e-4;
    double window =
        (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
    assertThat(ssim).isCloseTo((18 * 18 - 1 + window) / (18 * 18), within(EPS));
  }

  @Test
  void shouldGiveSameSsimForBytesAndTheirFloatEquivalent() {
    byte[] a = randomBytes(20 * 31, 2);
    byte[] b = randomBytes(20 * 31, 3);

    assertThat(ImageMetrics.ssim(toFloats(a), toFloats(b), 20, 31))
        .isCloseTo(ImageMetrics.ssim(a, b, 20, 31), within(1e-7));
  }

  @Test
  void shouldRejectImagesOfDifferentSize() {
    assertThatThrownBy(() -> ImageMetrics.mse(new byte[3], new byte[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("images differ in size: 3 vs 4 pixels");
  }

  @Test
  void shouldRejectEmptyImages() {
    assertThatThrownBy(() -> ImageMetrics.mse(new float[0], new float[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("images are empty");
  }

  @Test
  void shouldRejectGeometryThatDoesNotMatchPixelCount() {
    assertThatThrownBy(() -> ImageMetrics.ssim(new byte[784], new byte[784], 28, 27))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 28x27 = 756 pixels, got 784");
  }

  @Test
  void shouldRejectImagesSmallerThanTheWindow() {
    assertThatThrownBy(() -> ImageMetrics.ssim(new byte[100], new byte[100], 10, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SSIM needs images of at least 11x11 pixels, got 10x10");
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] out = new byte[n];
    new Random(seed).nextBytes(out);
    return out;
  }

  private static float[] toFloats(byte[] pixels) {
    float[] out = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (pixels[i] & 0xFF) / 255f;
    }
    return out;
  }
}
