package io.compressnet.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.devstack.EmbeddedKafka;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pre-load of a throughput run on a real broker. A run whose input holds fewer records than its
 * target waits for the whole timeout (the encoder-b64-zstd-topics stall, docs/bench/README.md), so
 * the load must fail loudly instead of returning with records missing.
 */
class InputLoaderTest {

  private static final int PARTITIONS = 6;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void shouldLoadEveryRecordIntoAFreshTopicAndCountItsPayload() throws Exception {
    // Given a fresh zstd topic, as the zstd diagnostic run uses
    String topic = "loader-fresh";
    create(topic, Map.of("compression.type", "zstd"));

    // When 500 records of 3-byte keys and 100-byte values are loaded
    InputLoader.Loaded loaded;
    try (KafkaProducer<String, byte[]> producer = producer();
        Admin admin = kafka.admin()) {
      loaded =
          InputLoader.load(
              producer, admin, topic, 500, i -> new ProducerRecord<>(topic, key(i), new byte[100]));

      // Then all of them are in the topic, and the payload is what was sent
      assertThat(InputLoader.recordsIn(admin, topic)).isEqualTo(500);
    }
    assertThat(loaded).isEqualTo(new InputLoader.Loaded(500, 500 * (3 + 100)));
  }

  @Test
  void shouldFailTheLoadWhenTheBrokerRejectsSomeRecordsInsteadOfLeavingTheInputShort()
      throws Exception {
    // Given a topic whose batches may hold at most 2,000 bytes
    String topic = "loader-rejecting";
    create(topic, Map.of("max.message.bytes", "2000"));

    // When 100 records are loaded and every 20th is too large for the topic
    try (KafkaProducer<String, byte[]> producer = producer();
        Admin admin = kafka.admin()) {
      // Then the load fails, saying how many records are missing; the topic really is short
      assertThatThrownBy(
              () ->
                  InputLoader.load(
                      producer,
                      admin,
                      topic,
                      100,
                      i -> new ProducerRecord<>(topic, key(i), new byte[i % 20 == 0 ? 5000 : 10])))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("5 of 100 records")
          .hasMessageContaining(topic)
          .hasMessageContaining("RecordTooLarge");
      assertThat(InputLoader.recordsIn(admin, topic)).isEqualTo(95);
    }
  }

  private static String key(int i) {
    return String.format("%03d", i);
  }

  private static void create(String topic, Map<String, String> configs) throws Exception {
    try (Admin admin = kafka.admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1).configs(configs)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The benchmark's producer settings, with a delivery timeout of 15 s instead of 120 s: with the
   * default, the resend after the broker's rejections took the whole 120 s before the producer
   * reported its outcome (the cause was not established), which made this test take two minutes.
   */
  private static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }
}
