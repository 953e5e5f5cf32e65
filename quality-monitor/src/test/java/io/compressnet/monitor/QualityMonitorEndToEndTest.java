package io.compressnet.monitor;

import static io.compressnet.monitor.MonitorFixture.image;
import static io.compressnet.monitor.MonitorFixture.inverted;
import static io.compressnet.monitor.MonitorFixture.pattern;
import static io.compressnet.monitor.MonitorFixture.recon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.compressnet.devstack.DevStack;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.QualityWindow;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor as a user runs it: a real KRaft broker and the Apicurio registry (devstack), Kafka
 * Streams with exactly-once, RocksDB stores, repartition topic, and the dashboard over HTTP.
 */
class QualityMonitorEndToEndTest {
  private static final int PAIRS = 30;
  private static DevStack stack;

  @BeforeAll
  static void startStack() {
    // Own stack with a generous registry timeout: on a loaded 2-core machine Apicurio can need
    // well over the default minute to become ready.
    stack =
        DevStack.start(
            DevStack.Options.defaults().withRegistryStartupTimeout(Duration.ofSeconds(240)));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldScoreCountMissingDeadLetterAndServeTheSummaryAgainstRealKafka() throws Exception {
    MonitorConfig config =
        MonitorConfig.defaultConfig()
            .with(MonitorConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers())
            .with(MonitorConfig.REGISTRY_URL, stack.registryUrl())
            .with(MonitorConfig.APPLICATION_ID, "monitor-e2e-" + UUID.randomUUID())
            .with(MonitorConfig.DASHBOARD_PORT, 0)
            .with("state.dir", Files.createTempDirectory("monitor-e2e").toString())
            .with("commit.interval.ms", "100")
            .with("auto.offset.reset", "earliest");
    RestSchemaRegistryClient registry =
        new RestSchemaRegistryClient(RegistryClientConfig.of(stack.registryUrl()));
    SpecificAvroSerde<ImageEvent> images =
        new SpecificAvroSerde<>(registry, ImageEvent.class, true);
    SpecificAvroSerde<ReconstructedImage> recons =
        new SpecificAvroSerde<>(registry, ReconstructedImage.class, true);
    long t0 = System.currentTimeMillis() - 600_000;
    byte[] p = pattern();

    try (QualityMonitor monitor = QualityMonitor.start(config);
        KafkaProducer<byte[], byte[]> producer = producer(stack)) {
      // Given 30 pairs (10 of them bad), one original that never gets its reconstruction, and a
      // corrupt record
      for (int i = 0; i < PAIRS; i++) {
        send(
            producer,
            images,
            recons,
            "e2e-" + i,
            null,
            t0 + i * 1000L,
            p,
            i % 3 == 0 ? inverted(p) : p.clone());
      }
      producer.send(
          new ProducerRecord<>(
              Topics.IMAGES_RAW,
              null,
              t0,
              "lost".getBytes(StandardCharsets.UTF_8),
              images.serializer().serialize(Topics.IMAGES_RAW, image("lost", t0, p))));
      producer.send(
          new ProducerRecord<>(
              Topics.IMAGES_RAW,
              "junk".getBytes(StandardCharsets.UTF_8),
              new byte[] {7, 0, 0, 0, 1, 1, 2}));
      producer.flush();
      await(
          Duration.ofSeconds(240),
          () -> monitor.summary().count() == PAIRS && monitor.summary().deadLetters() == 1,
          () -> monitor.state() + "\n" + monitor.summary().toTable());

      // When, two minutes later (event time) and on every partition, pairs arrive that move
      // stream time past the join window + grace and past the first time windows. (Sent after
      // the first batch is consumed, as time would pass in reality: sent together, a task can
      // fetch a later reconstruction before the originals before it and expire it as an orphan.)
      for (int partition = 0; partition < Topics.DEFAULT_PARTITIONS; partition++) {
        send(producer, images, recons, "push-" + partition, partition, t0 + 120_000, p, p.clone());
      }
      producer.flush();

      // Then every pair is scored, the lost original is missing, the junk dead-lettered
      int expected = PAIRS + Topics.DEFAULT_PARTITIONS;
      await(
          Duration.ofSeconds(240),
          () -> monitor.summary().count() == expected && monitor.summary().missing() == 1,
          () -> monitor.state() + "\n" + monitor.summary().toTable());
      MonitorSummary s = monitor.summary();
      assertThat(s.orphans()).isZero();
      assertThat(s.compressionRatio()).isEqualTo(784.0 / 32);
      assertThat(s.minSsim()).isLessThan(0.0);

      // and the topics hold the same story
      List<ConsumerRecord<String, byte[]>> windows = readAll(stack, Topics.QUALITY_WINDOWS, 1);
      SpecificAvroSerde<QualityWindow> windowSerde =
          new SpecificAvroSerde<>(registry, QualityWindow.class, true);
      List<QualityWindow> closed =
          windows.stream()
              .map(r -> windowSerde.deserializer().deserialize(Topics.QUALITY_WINDOWS, r.value()))
              .toList();
      assertThat(closed)
          .anySatisfy(
              w -> {
                assertThat(w.getKind()).isEqualTo("time");
                assertThat(w.getModelId()).isEqualTo(MonitorFixture.MODEL);
                assertThat(w.getCount()).isPositive();
              });
      assertThat(readAll(stack, Topics.QUALITY_IMAGES, expected)).hasSize(expected);
      List<ConsumerRecord<String, byte[]>> dead = readAll(stack, Topics.IMAGES_DLQ, 1);
      assertThat(dead).hasSize(1);
      assertThat(
              new String(
                  dead.get(0).headers().lastHeader("compressnet.dlq.stage").value(),
                  StandardCharsets.UTF_8))
          .isEqualTo("quality-monitor.decode-raw");
      assertThat(readAll(stack, Topics.QUALITY_ALERTS, 1)).isNotEmpty();

      // and the dashboard serves the same summary over HTTP
      HttpResponse<String> summary =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + monitor.dashboardPort() + "/api/summary"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode json = new ObjectMapper().readTree(summary.body());
      // The dashboard reads the in-process listener, which sees a record again when an
      // exactly-once task is aborted and retried (the topics, read_committed above, do not), so
      // it can only be asserted as at least the committed count. Seen here: 38 for 36.
      assertThat(json.get("count").asLong()).isGreaterThanOrEqualTo(expected);
      assertThat(json.get("missing").asLong()).isEqualTo(1);
      assertThat(json.get("deadLetters").asLong()).isEqualTo(1);
    } finally {
      registry.close();
    }
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer,
      SpecificAvroSerde<ImageEvent> images,
      SpecificAvroSerde<ReconstructedImage> recons,
      String id,
      Integer partition,
      long ts,
      byte[] original,
      byte[] reconstruction) {
    byte[] key = id.getBytes(StandardCharsets.UTF_8);
    producer.send(
        new ProducerRecord<>(
            Topics.IMAGES_RAW,
            partition,
            ts,
            key,
            images.serializer().serialize(Topics.IMAGES_RAW, image(id, ts, original))));
    producer.send(
        new ProducerRecord<>(
            Topics.IMAGES_RECONSTRUCTED,
            partition,
            ts,
            key,
            recons
                .serializer()
                .serialize(Topics.IMAGES_RECONSTRUCTED, recon(id, ts, reconstruction, ts + 40))));
  }

  private static KafkaProducer<byte[], byte[]> producer(DevStack stack) {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", stack.bootstrapServers(), "acks", "all"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(
      DevStack stack, String topic, int atLeast) {
    Map<String, Object> props =
        Map.of(
            "bootstrap.servers",
            stack.bootstrapServers(),
            "group.id",
            "e2e-reader-" + UUID.randomUUID(),
            "auto.offset.reset",
            "earliest",
            "isolation.level",
            "read_committed");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int emptyPolls = 0;
      while (System.nanoTime() < deadline && (out.size() < atLeast || emptyPolls < 3)) {
        var records = consumer.poll(Duration.ofMillis(500));
        records.forEach(out::add);
        emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
      }
    }
    return out;
  }

  private static void await(
      Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> state)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "condition not met within " + timeout + "; monitor:\n" + state.get());
      }
      Thread.sleep(200);
    }
  }
}
