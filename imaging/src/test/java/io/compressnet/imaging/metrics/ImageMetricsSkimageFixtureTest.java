package io.compressnet.imaging.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares {@link ImageMetrics} with scikit-image on the cases in {@code
 * fixtures/metric_fixtures.json}, produced by {@code fixtures/make_metric_fixtures.py}.
 */
class ImageMetricsSkimageFixtureTest {

  private static final double TOLERANCE = 1e-6;

  record Case(
      String name,
      int width,
      int height,
      byte[] a,
      byte[] b,
      double mse,
      Double psnr,
      double ssim,
      double ssimGaussian) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() throws IOException {
    try (InputStream in =
        ImageMetricsSkimageFixtureTest.class.getResourceAsStream(
            "/fixtures/metric_fixtures.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : root.get("cases")) {
        cases.add(
            new Case(
                c.get("name").asText(),
                c.get("width").asInt(),
                c.get("height").asInt(),
                pixels(c.get("a")),
                pixels(c.get("b")),
                c.get("mse").asDouble(),
                c.get("psnr").isNull() ? null : c.get("psnr").asDouble(),
                c.get("ssim").asDouble(),
                c.get("ssimGaussian").asDouble()));
      }
      assertThat(cases).hasSizeGreaterThanOrEqualTo(10);
      return cases.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldMatchSkimageMse(Case c) {
    assertThat(ImageMetrics.mse(c.a(), c.b())).isCloseTo(c.mse(), within(TOLERANCE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldMatchSkimagePsnrOrCapWhenIdentical(Case c) {
    double expected = c.psnr() == null ? ImageMetrics.PSNR_CAP_DB : c.psnr();
    assertThat(ImageMetrics.psnr(ImageMetrics.mse(c.a(), c.b())))
        .isCloseTo(expected, within(TOLERANCE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldMatchSkimageUniformSsim(Case c) {
    assertThat(ImageMetrics.ssim(c.a(), c.b(), c.width(), c.height()))
        .isCloseTo(c.ssim(), within(TOLERANCE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldMatchSkimageUniformSsimOnFloatImages(Case c) {
    assertThat(ImageMetrics.ssim(toUnit(c.a()), toUnit(c.b()), c.width(), c.height()))
        .isCloseTo(c.ssim(), within(TOLERANCE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldMatchSkimageGaussianSsim(Case c) {
    assertThat(ImageMetrics.ssimGaussian(c.a(), c.b(), c.width(), c.height()))
        .isCloseTo(c.ssimGaussian(), within(TOLERANCE));
  }

  static byte[] pixels(JsonNode array) {
    byte[] out = new byte[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) array.get(i).asInt();
    }
    return out;
  }

  private static float[] toUnit(byte[] pixels) {
    float[] out = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (pixels[i] & 0xFF) / 255f;
    }
    return out;
  }
}
