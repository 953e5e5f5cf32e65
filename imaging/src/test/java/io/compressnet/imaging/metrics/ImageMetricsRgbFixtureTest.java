package io.compressnet.imaging.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RGB metrics against scikit-image ({@code fixtures/make_rgb_metric_fixtures.py}): MSE and PSNR
 * over every value, SSIM the mean over channels ({@code channel_axis=-1}).
 */
class ImageMetricsRgbFixtureTest {

  private static final double TOLERANCE = 1e-6;

  record Case(
      String name,
      int width,
      int height,
      byte[] a,
      byte[] b,
      double mse,
      double psnr,
      double ssim) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() throws IOException {
    try (InputStream in =
        ImageMetricsRgbFixtureTest.class.getResourceAsStream(
            "/fixtures/rgb_metric_fixtures.json")) {
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : new ObjectMapper().readTree(in).get("cases")) {
        cases.add(
            new Case(
                c.get("name").asText(),
                c.get("width").asInt(),
                c.get("height").asInt(),
                ImageMetricsSkimageFixtureTest.pixels(c.get("a")),
                ImageMetricsSkimageFixtureTest.pixels(c.get("b")),
                c.get("mse").asDouble(),
                c.get("psnr").asDouble(),
                c.get("ssim").asDouble()));
      }
      assertThat(cases).hasSize(3);
      return cases.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldMatchSkimageMseAndPsnrOverAllValues(Case c) {
    assertThat(ImageMetrics.mse(c.a(), c.b())).isCloseTo(c.mse(), within(TOLERANCE));
    assertThat(ImageMetrics.psnr(ImageMetrics.mse(c.a(), c.b())))
        .isCloseTo(c.psnr(), within(TOLERANCE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldMatchSkimageSsimAveragedOverChannels(Case c) {
    assertThat(ImageMetrics.ssim(c.a(), c.b(), c.width(), c.height(), 3))
        .isCloseTo(c.ssim(), within(TOLERANCE));
  }

  @Test
  void shouldGiveTheGrayscaleSsimForOneChannel() {
    // Given
    byte[] a = new byte[121];
    byte[] b = new byte[121];
    for (int i = 0; i < a.length; i++) {
      a[i] = (byte) (i * 2);
      b[i] = (byte) (i * 2 + (i % 3));
    }
    // Then
    assertThat(ImageMetrics.ssim(a, b, 11, 11, 1)).isEqualTo(ImageMetrics.ssim(a, b, 11, 11));
  }

  @Test
  void shouldRefuseValuesThatDoNotFitTheChannels() {
    assertThatThrownBy(() -> ImageMetrics.ssim(new byte[121], new byte[121], 11, 11, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 363");
  }
}
