package io.compressnet.monitor;

import static io.compressnet.monitor.MonitorFixture.key;
import static io.compressnet.monitor.MonitorFixture.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.streams.ServiceMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The monitor reports the counters and Kafka Streams settings it shares with every service. */
class MonitorServiceMetricsTest {

  @Test
  void shouldCountRecordsInScoresOutDeadLettersAndTombstonesLikeEveryService() {
    try (MonitorFixture f = new MonitorFixture(MonitorConfig.defaultConfig())) {
      // Given the shared service counters fed from the monitor's events
      ServiceMetrics metrics = ServiceMetrics.inMemory(QualityMonitor.SERVICE);
      f.stats.forwardTo(new ServiceMetricsListener(metrics));

      // When a pair, a tombstone and a record that is not Avro arrive
      f.sendPair("img-1", 100_000, pattern(), pattern(), 40);
      f.raw.pipeInput(new TestRecord<>(key("gone"), null, Instant.ofEpochMilli(100_001)));
      f.raw.pipeInput(
          new TestRecord<>(
              key("junk"),
              "not avro".getBytes(StandardCharsets.UTF_8),
              Instant.ofEpochMilli(100_002)));

      // Then all four records count in, the one score out, the junk as a dead letter of its
      // stage and the tombstone as a tombstone
      assertThat(metrics.inCount()).isEqualTo(4);
      assertThat(metrics.outCount()).isEqualTo(1);
      assertThat(metrics.deadLetterCount("quality-monitor.decode-raw")).isEqualTo(1);
      assertThat(metrics.deadLetterCount()).isEqualTo(1);
      assertThat(metrics.tombstoneCount()).isEqualTo(1);
    }
  }

  @Test
  void shouldAskKafkaStreamsToWaitForTheOtherInputBeforeAdvancingStreamTime() {
    // Given the monitor's own Kafka Streams defaults (StreamsApp applies them where the config is
    // silent)
    Map<String, String> defaults = QualityMonitor.streamsDefaults();

    // Then a task waits up to a second for the other input's partition, as the join needs
    assertThat(defaults).containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "1000");
  }
}
