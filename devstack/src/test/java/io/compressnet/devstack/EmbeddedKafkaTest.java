package io.compressnet.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each test runs its own broker because it stops, restarts or closes it. */
class EmbeddedKafkaTest {

  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void shouldKeepRecordsWhenRestartedOnTheSameLogDir(@TempDir Path logDir) throws Exception {
    // Given a broker on an explicit log dir holding three records
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(logDir).start()) {
      kafka.createTopics(List.of("restart.test"), 2);
      produce(kafka.bootstrapServers(), "restart.test", Map.of("a", "1", "b", "2", "c", "3"));
      String bootstrapBefore = kafka.bootstrapServers();

      // When it is stopped and started again
      kafka.stop();
      assertThat(kafka.isRunning()).isFalse();
      kafka.restart();

      // Then it answers on the same address and still has every record
      assertThat(kafka.isRunning()).isTrue();
      assertThat(kafka.bootstrapServers()).isEqualTo(bootstrapBefore);
      assertThat(consumeAll(kafka.bootstrapServers(), "restart.test", 3))
          .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2", "c", "3"));
    }
    // And a log dir given by the caller is kept on close
    assertThat(logDir.resolve("meta.properties")).exists();
  }

  @Test
  void shouldDeleteItsTemporaryLogDirOnClose() {
    // Given a broker with the default (temporary) log dir
    EmbeddedKafka kafka = EmbeddedKafka.start();
    Path logDir = kafka.logDir();
    assertThat(logDir.resolve("meta.properties")).exists();
    assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");

    // When it is closed
    kafka.close();

    // Then the directory is gone and closing again is harmless
    assertThat(Files.exists(logDir)).isFalse();
    kafka.close();
  }

  private static void produce(String bootstrap, String topic, Map<String, String> records)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (var entry : records.entrySet()) {
        producer.send(new ProducerRecord<>(topic, entry.getKey(), entry.getValue())).get();
      }
    }
  }

  static Map<String, String> consumeAll(String bootstrap, String topic, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "test-" + System.nanoTime(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
      while (seen.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      }
    }
    Map<String, String> byKey = new java.util.HashMap<>();
    seen.forEach(r -> byKey.put(r.key(), r.value()));
    return byKey;
  }
}
