package io.compressnet.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.compressnet.schemas.avro.QualityWindow;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DashboardServerTest {
  private static DashboardTestData data;
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() {
    data = new DashboardTestData();
  }

  @AfterAll
  static void stop() {
    data.close();
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(data.url(path))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode getJson(String path) throws Exception {
    HttpResponse<byte[]> r = get(path);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return json.readTree(r.body());
  }

  @Test
  void shouldServeSummaryOfEverythingScored() throws Exception {
    JsonNode s = getJson("/api/summary");
    assertThat(s.get("count").asLong()).isEqualTo(DashboardTestData.PAIRS);
    assertThat(s.get("missing").asLong()).isEqualTo(1);
    assertThat(s.get("compressionRatio").asDouble()).isEqualTo(784.0 / 32);
    assertThat(s.get("meanSsim").asDouble()).isEqualTo(data.fixture.stats.summary().meanSsim());
    assertThat(s.get("latencyP50Ms").asDouble()).isEqualTo(23.0);
    assertThat(s.get("thresholds").get("ssimMin").asDouble()).isEqualTo(0.95);
  }

  @Test
  void shouldServeWindowsAsPublishedWithNullForUndefined() throws Exception {
    JsonNode models = getJson("/api/windows").get("models");
    assertThat(models).hasSize(1);
    JsonNode time = models.get(0).get("time");
    List<QualityWindow> published = data.fixture.stats.windows(MonitorFixture.MODEL, "time");
    assertThat(time).hasSize(published.size());
    QualityWindow last = published.get(published.size() - 1);
    JsonNode lastJson = time.get(time.size() - 1);
    assertThat(lastJson.get("windowStart").asLong())
        .isEqualTo(last.getWindowStart().toEpochMilli());
    assertThat(lastJson.get("meanSsim").asDouble()).isEqualTo(last.getMeanSsim());
    assertThat(lastJson.get("aggregatePsnr").asDouble()).isEqualTo(last.getAggregatePsnr());
  }

  @Test
  void shouldServeAlertsAndImages() throws Exception {
    JsonNode alerts = getJson("/api/alerts");
    assertThat(alerts).isNotEmpty();
    assertThat(alerts.get(0).get("state").asText()).isEqualTo("FIRING");
    JsonNode images = getJson("/api/images");
    assertThat(images).hasSize(50);
    assertThat(images.get(images.size() - 1).get("id").asText()).isEqualTo("img-199");
  }

  @Test
  void shouldRenderOriginalAndReconstructionAsScaledPng() throws Exception {
    HttpResponse<byte[]> r = get("/api/images/img-190/reconstructed.png");
    assertThat(r.statusCode()).isEqualTo(200);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
    assertThat(img.getWidth()).isEqualTo(84);
    assertThat(img.getHeight()).isEqualTo(84);
    byte[] expected = MonitorFixture.inverted(MonitorFixture.pattern());
    for (int y = 0; y < 84; y += 7) {
      for (int x = 0; x < 84; x += 5) {
        assertThat(img.getRaster().getSample(x, y, 0))
            .isEqualTo(expected[(y / 3) * 28 + x / 3] & 0xFF);
      }
    }
    assertThat(get("/api/images/img-190/original.png?scale=1").statusCode()).isEqualTo(200);
    assertThat(get("/api/images/nope/original.png").statusCode()).isEqualTo(404);
    assertThat(get("/api/images/img-190/original.png?scale=99").statusCode()).isEqualTo(400);
  }

  @Test
  void shouldExposePrometheusMetrics() throws Exception {
    String text = new String(get("/metrics").body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text)
        .contains("compressnet_monitor_images_scored_total " + DashboardTestData.PAIRS + ".0");
    assertThat(text).contains("compressnet_monitor_images_missing_total 1.0");
    assertThat(text)
        .contains("compressnet_monitor_window_mean_ssim{model=\"" + MonitorFixture.MODEL + "\"}");
  }

  @Test
  void shouldServePageAndAssetsFromTheJarOnly() throws Exception {
    String page = new String(get("/").body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(page)
        .contains("/assets/app.js")
        .doesNotContain("http://")
        .doesNotContain("https://");
    assertThat(get("/assets/app.js").statusCode()).isEqualTo(200);
    assertThat(get("/assets/../MonitorConfig.class").statusCode()).isEqualTo(404);
  }
}
