package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.schemas.registry.RegistryUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsAppTest {

  @Test
  void shouldReplaceThreadsOnlyForTransientFailures() {
    assertThat(StreamsApp.isTransient(new RegistryUnavailableException("down", null))).isTrue();
    assertThat(StreamsApp.isTransient(new RuntimeException(new TimeoutException("slow")))).isTrue();
    assertThat(StreamsApp.isTransient(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void shouldUseAServicesStreamsDefaultsOnlyWhereTheConfigIsSilent() {
    // Given a config that sets max.task.idle.ms itself, and a service with two defaults
    ServiceConfig config =
        ServiceConfig.loader().environment(Map.of()).override("max.task.idle.ms", "250").load();
    Map<String, String> defaults = Map.of("max.task.idle.ms", "1000", "poll.ms", "20");

    // When the streams properties are built
    Properties props = StreamsApp.streamsProperties(config, defaults);

    // Then the config wins where it speaks, the service default fills the rest, and the
    // group-membership defaults are still applied
    assertThat(props)
        .containsEntry("max.task.idle.ms", "250")
        .containsEntry("poll.ms", "20")
        .containsEntry(
            "session.timeout.ms", Integer.toString(GroupMembership.DEFAULT_SESSION_TIMEOUT_MS));
  }

  @Test
  void shouldStartWithAStreamThreadPerCoreUnlessScalingIsOff() {
    // Given the defaults, scaling off, and more threads asked for than the cores
    String cores = Integer.toString(Runtime.getRuntime().availableProcessors());
    ServiceConfig defaults = ServiceConfig.loader().environment(Map.of()).load();
    ServiceConfig off =
        ServiceConfig.loader().environment(Map.of("COMPRESSNET_MAX_STREAM_THREADS", "1")).load();
    ServiceConfig many =
        ServiceConfig.loader().environment(Map.of("COMPRESSNET_NUM_STREAM_THREADS", "64")).load();

    // When / Then: the most threads to start with, else the configured ones
    assertThat(StreamsApp.streamsProperties(defaults, Map.of()))
        .containsEntry("num.stream.threads", cores);
    assertThat(StreamsApp.streamsProperties(off, Map.of()))
        .containsEntry("num.stream.threads", "1");
    assertThat(StreamsApp.streamsProperties(many, Map.of()))
        .containsEntry("num.stream.threads", "64");
  }

  @Test
  void shouldBindTheStreamsClientMetricsToTheRegistryTheServiceOwns(@TempDir Path tmp)
      throws Exception {
    // Given a service that owns its Prometheus registry, already holding a meter of its own
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter own = Counter.builder("own.meter").register(registry);
    own.increment();
    ServiceMetrics metrics = new ServiceMetrics(registry, "owner");
    ServiceConfig config =
        ServiceConfig.loader()
            .environment(Map.of())
            .override("application.id", "streams-app-metrics-test")
            // Nothing listens there: the client metrics exist before any broker answers.
            .override("bootstrap.servers", "127.0.0.1:" + unusedPort())
            .override("state.dir", tmp.toString())
            .load();

    // When it starts on that registry
    String scrape;
    try (StreamsApp app =
        StreamsApp.start(pipe(), config, metrics, Map.of("max.task.idle.ms", "1000"))) {
      scrape = metrics.scrape();
      assertThat(app.metrics().registry()).isSameAs(registry);
    }

    // Then one scrape holds its own meter, the shared counters and the Kafka Streams client's
    assertThat(scrape)
        .contains("own_meter_total 1.0")
        .contains("compressnet_records_in_total{service=\"owner\"}")
        .contains("kafka_stream_alive_stream_threads{");
  }

  private static Topology pipe() {
    Topology topology = new Topology();
    topology.addSource(
        "in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), "input");
    topology.addSink(
        "out", "output", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), "in");
    return topology;
  }

  private static int unusedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
