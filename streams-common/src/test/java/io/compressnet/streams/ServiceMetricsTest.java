package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

  @Test
  void shouldExportTheStoreMetricsOfStoresOfDifferentKindsUnderOneName() {
    // Given a service's Prometheus metrics
    ServiceMetrics metrics = ServiceMetrics.prometheus("quality-monitor");
    MeterRegistry registry = metrics.registry();

    // When Micrometer's Kafka Streams binder registers one store metric for an in-memory and a
    // RocksDB store, each tagged by its kind (Kafka's tag keys with '-' turned into '.')
    Gauge.builder("kafka.stream.state.put.latency.max", () -> 1.0)
        .tag("task.id", "0_1")
        .tag("in.memory.state.id", "monitor-totals")
        .register(registry);
    Gauge.builder("kafka.stream.state.put.latency.max", () -> 2.0)
        .tag("task.id", "0_1")
        .tag("rocksdb.state.id", "monitor-pending")
        .register(registry);

    // Then both are exported, under one tag key for the store and one for its kind
    assertThat(metrics.scrape())
        .contains(
            "kafka_stream_state_put_latency_max{state_id=\"monitor-totals\",store_type=\"in-memory\","
                + "task_id=\"0_1\"} 1.0")
        .contains(
            "kafka_stream_state_put_latency_max{state_id=\"monitor-pending\",store_type=\"rocksdb\","
                + "task_id=\"0_1\"} 2.0");
  }

  @Test
  void shouldLeaveMetersWithoutAStoreTagAlone() {
    // Given a service's metrics and a meter tagged without any store
    ServiceMetrics metrics = ServiceMetrics.prometheus("encoder");
    Gauge.builder("kafka.stream.thread.commit.rate", () -> 3.0)
        .tag("thread.id", "t1")
        .register(metrics.registry());

    // Then its tags are as registered
    assertThat(metrics.scrape()).contains("kafka_stream_thread_commit_rate{thread_id=\"t1\"} 3.0");
  }
}
