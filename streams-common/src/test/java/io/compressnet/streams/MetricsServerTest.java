package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

  @Test
  void shouldServeCountersInPrometheusFormatOnLoopback() throws Exception {
    // Given
    ServiceMetrics metrics = ServiceMetrics.prometheus("encoder");
    metrics.recordIn();
    metrics.recordIn();
    metrics.recordsOut(1);
    metrics.deadLetter("validate");
    metrics.tombstone();
    metrics.batch(1, 2_000_000);
    int port = freePort();
    ServiceConfig config =
        ServiceConfig.of(
            Map.of(
                "compressnet.metrics.host",
                "127.0.0.1",
                "compressnet.metrics.port",
                Integer.toString(port)));

    // When
    String body;
    try (MetricsServer server = MetricsServer.startIfEnabled(config, metrics).orElseThrow()) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(server.host()).isEqualTo("127.0.0.1");
      body = response.body();
    }

    // Then
    assertThat(body)
        .contains("compressnet_records_in_total{service=\"encoder\"} 2.0")
        .contains("compressnet_records_out_total{service=\"encoder\"} 1.0")
        .contains("compressnet_dlq_records_total{service=\"encoder\",stage=\"validate\"} 1.0")
        .contains("compressnet_tombstones_total{service=\"encoder\"} 1.0")
        .contains("compressnet_batch_size_count{service=\"encoder\"} 1")
        .contains("compressnet_inference_seconds_count{service=\"encoder\"} 1");
  }

  @Test
  void shouldNotStartWhenPortIsZero() {
    ServiceConfig config = ServiceConfig.of(Map.of("compressnet.metrics.port", "0"));
    assertThat(MetricsServer.startIfEnabled(config, ServiceMetrics.prometheus("x"))).isEmpty();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
