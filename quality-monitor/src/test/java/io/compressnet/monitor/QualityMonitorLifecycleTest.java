package io.compressnet.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.devstack.EmbeddedKafka;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's lifecycle on a real broker, the one streams-common's {@code StreamsApp} gives every
 * service: the Kafka Streams client metrics in the registry the dashboard serves, and a client that
 * stops on an error it does not retry reported as failed.
 */
class QualityMonitorLifecycleTest {

  @Test
  void shouldExposeKafkaStreamsClientMetricsOnTheDashboardMetricsEndpoint(@TempDir Path tmp)
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      // Given a broker with the topics and a monitor with its dashboard on a free port
      kafka.createTopics(Topics.all(), 1);
      MonitorConfig config = onBroker(kafka, tmp).with(MonitorConfig.DASHBOARD_PORT, 0);

      QualityMonitor monitor = QualityMonitor.start(config, new InMemorySchemaRegistryClient());
      int port = monitor.dashboardPort();
      HttpResponse<String> response;
      try {
        assertThat(monitor.awaitRunning(Duration.ofMinutes(2))).isTrue();

        // When Prometheus scrapes the dashboard
        response = scrape(port);
      } finally {
        monitor.close();
      }

      // Then one page held the Kafka Streams client's metrics (client, thread, and its
      // consumer's), the counters every service has, and the monitor's own meters by their
      // unchanged names
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .contains("kafka_stream_alive_stream_threads{")
          .contains("kafka_stream_thread_process_total{")
          .contains("kafka_consumer_")
          .contains("compressnet_records_in_total{service=\"quality-monitor\"}")
          .contains("compressnet_monitor_images_scored_total")
          .contains("compressnet_monitor_tombstones_total");
      // and once closed (a second close does nothing) the client stopped cleanly and the
      // dashboard no longer answers
      monitor.close();
      assertThat(monitor.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
      assertThat(monitor.failed()).isFalse();
      assertThatThrownBy(() -> scrape(port)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void shouldReportFailedWhenTheStreamsClientStopsOnAnError(@TempDir Path tmp) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      // Given a broker on which the monitor's input topics were never created
      MonitorConfig config = onBroker(kafka, tmp).with(MonitorConfig.DASHBOARD_ENABLED, false);

      try (QualityMonitor monitor =
          QualityMonitor.start(config, new InMemorySchemaRegistryClient())) {
        // When the streams client finds its source topics missing, which no new thread can fix
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!monitor.failed() && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }

        // Then the monitor says it failed, as the commands' exit code needs
        assertThat(monitor.failed()).isTrue();
        assertThat(monitor.state()).isEqualTo(KafkaStreams.State.ERROR);
      }
    }
  }

  private static MonitorConfig onBroker(EmbeddedKafka kafka, Path tmp) {
    return MonitorConfig.defaultConfig()
        .with(MonitorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(MonitorConfig.APPLICATION_ID, "monitor-lifecycle-" + UUID.randomUUID())
        .with("state.dir", tmp.resolve("state").toString());
  }

  private static HttpResponse<String> scrape(int port) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
