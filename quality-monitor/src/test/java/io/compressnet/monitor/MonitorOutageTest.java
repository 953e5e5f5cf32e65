package io.compressnet.monitor;

import static io.compressnet.monitor.MonitorFixture.image;
import static io.compressnet.monitor.MonitorFixture.pattern;
import static io.compressnet.monitor.MonitorFixture.recon;
import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.devstack.EmbeddedKafka;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.FakeRegistryServer;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor through a 30 s broker outage on a real broker: it resumes by itself and scores every
 * pair exactly once on {@code quality.images}, dead-lettering none.
 */
class MonitorOutageTest {
  private static final int PER_PHASE = 15;
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @Test
  void shouldScoreEveryPairOnceAfterTheBrokerWasDownForThirtySeconds(@TempDir Path tmp)
      throws Exception {
    InMemorySchemaRegistryClient schemas = new InMemorySchemaRegistryClient();
    try (FakeRegistryServer registry = new FakeRegistryServer("", 0, schemas);
        EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(Topics.all(), 2);
      MonitorConfig config =
          MonitorConfig.defaultConfig()
              .with(MonitorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
              .with(MonitorConfig.REGISTRY_URL, registry.url())
              .with(MonitorConfig.DASHBOARD_ENABLED, false)
              .with("state.dir", tmp.resolve("state").toString())
              .with("auto.offset.reset", "earliest");
      try (QualityMonitor monitor = QualityMonitor.start(config)) {
        // Given a first set of pairs scored
        sendPairs(kafka, schemas, 0, PER_PHASE);
        assertThat(scoredIds(kafka, PER_PHASE)).hasSize(PER_PHASE);

        // When the broker is down for 30 s, then back on the same port and log
        kafka.stop();
        Thread.sleep(OUTAGE.toMillis());
        boolean failedDuringOutage = monitor.failed();
        kafka.restart();
        sendPairs(kafka, schemas, PER_PHASE, 2 * PER_PHASE);

        // Then every pair is scored exactly once, nothing dead-lettered, the monitor running
        List<String> scored = scoredIds(kafka, 2 * PER_PHASE);
        assertThat(failedDuringOutage).isFalse();
        assertThat(scored).hasSize(2 * PER_PHASE).doesNotHaveDuplicates();
        assertThat(monitor.summary().deadLetters()).isZero();
        assertThat(monitor.failed()).isFalse();
      }
    }
  }

  private static void sendPairs(
      EmbeddedKafka kafka, InMemorySchemaRegistryClient schemas, int from, int to)
      throws Exception {
    SpecificAvroSerde<ImageEvent> images = new SpecificAvroSerde<>(schemas, ImageEvent.class, true);
    SpecificAvroSerde<ReconstructedImage> recons =
        new SpecificAvroSerde<>(schemas, ReconstructedImage.class, true);
    byte[] pixels = pattern();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = from; i < to; i++) {
        String id = "pair-" + i;
        long now = System.currentTimeMillis();
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        producer
            .send(
                new ProducerRecord<>(
                    Topics.IMAGES_RAW,
                    null,
                    now,
                    key,
                    images.serializer().serialize(Topics.IMAGES_RAW, image(id, now, pixels))))
            .get();
        producer
            .send(
                new ProducerRecord<>(
                    Topics.IMAGES_RECONSTRUCTED,
                    null,
                    now,
                    key,
                    recons
                        .serializer()
                        .serialize(
                            Topics.IMAGES_RECONSTRUCTED, recon(id, now, pixels.clone(), now + 40))))
            .get();
      }
    }
  }

  /** Keys on quality.images, read committed; polls on a while after the count to see duplicates. */
  private static List<String> scoredIds(EmbeddedKafka kafka, int expected) {
    Map<String, Object> props =
        Map.of(
            "bootstrap.servers",
            kafka.bootstrapServers(),
            "group.id",
            "outage-reader-" + UUID.randomUUID(),
            "auto.offset.reset",
            "earliest",
            "isolation.level",
            "read_committed");
    List<String> ids = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.QUALITY_IMAGES));
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      long watchUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, watchUntil)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          ids.add(r.key());
        }
        if (ids.size() >= expected && watchUntil == Long.MAX_VALUE) {
          watchUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        }
      }
    }
    return ids;
  }
}
