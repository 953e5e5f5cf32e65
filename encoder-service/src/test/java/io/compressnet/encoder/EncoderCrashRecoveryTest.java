package io.compressnet.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.inference.UntrainedBundles;
import io.compressnet.devstack.EmbeddedKafka;
import io.compressnet.devstack.LocalRegistry;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two encoder instances in separate JVMs share the 6 partitions of images.raw; one is killed with
 * SIGKILL mid-stream. Under exactly_once_v2 the survivor takes over its partitions, restores the
 * batch buffers from their changelogs, and a read_committed reader of images.latent sees every
 * input id exactly once.
 */
class EncoderCrashRecoveryTest {

  private static final int HALF = 300;
  private static final Path SAMPLE =
      Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz").toAbsolutePath();
  private static final Duration SLOW_MACHINE = Duration.ofMinutes(4);

  @Test
  void shouldEmitEveryImageExactlyOnceWhenAnInstanceIsKilledMidStream(@TempDir Path tmp)
      throws Exception {
    ImageSet images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 100);
    UntrainedBundles.create(tmp.resolve("model"), "crash-ps8-int8", 8, "INT8");
    try (EmbeddedKafka kafka =
            EmbeddedKafka.builder()
                // The killed instance's open transaction is aborted soon after its timeout.
                .brokerProperty(
                    "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                .brokerProperty("group.min.session.timeout.ms", "1000")
                .start();
        LocalRegistry registry = LocalRegistry.builder().startupTimeout(SLOW_MACHINE).start();
        SchemaRegistryClient client =
            new RestSchemaRegistryClient(RegistryClientConfig.of(registry.confluentApiUrl()))) {
      kafka.createTopics(Topics.all(), Topics.DEFAULT_PARTITIONS);
      // Two instances auto-registering the same new subject at once race in Apicurio (the loser
      // gets HTTP 409 "already exists", which the registry client reports as incompatible and
      // which stops that instance); register it first so the kill below is what stops "a".
      client.register(Topics.valueSubject(Topics.IMAGES_LATENT), LatentVector.getClassSchema());
      Process a = startEncoder("a", tmp, kafka, registry);
      Process b = startEncoder("b", tmp, kafka, registry);
      try {
        // Given: both instances running
        await(() -> running(tmp, "a") && running(tmp, "b"), () -> "both encoders RUNNING", tmp);
        Map<String, Integer> seen = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> reader = reader(kafka)) {
          produce(kafka, client, images, 0, HALF);
          await(
              () -> poll(reader, seen) && seen.size() >= 40,
              () -> "first latents, seen " + seen.size(),
              tmp);

          // When: one instance dies without any chance to clean up, mid-stream
          assertThat(a.isAlive())
              .as("instance a still running when killed; its log tail:\n%s", tail(tmp, "a"))
              .isTrue();
          assertThat(Files.readString(tmp.resolve("a.log"))).doesNotContain("-> ERROR");
          a.destroyForcibly().waitFor();
          produce(kafka, client, images, HALF, 2 * HALF);
          await(
              () -> poll(reader, seen) && seen.size() >= 2 * HALF,
              () -> "all latents, seen " + seen.size(),
              tmp);
          // a little longer, so that duplicates would show up
          long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
          while (System.nanoTime() < until) {
            poll(reader, seen);
          }
        }

        // Then: every id exactly once
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 2 * HALF; i++) {
          int count = seen.getOrDefault(id(i), 0);
          if (count != 1) {
            wrong.add(id(i) + " x" + count);
          }
        }
        assertThat(wrong).as("ids not seen exactly once").isEmpty();
        assertThat(seen).hasSize(2 * HALF);
      } finally {
        stop(a);
        stop(b);
        keepLogs(tmp);
      }
    }
  }

  private static Process startEncoder(
      String name, Path tmp, EmbeddedKafka kafka, LocalRegistry registry) throws IOException {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("schema.registry.url", registry.confluentApiUrl());
    props.put("application.id", "crash-test-encoder");
    props.put("state.dir", tmp.resolve("state-" + name).toString());
    props.put("compressnet.model.dir", tmp.resolve("model").toString());
    props.put("compressnet.metrics.port", "0");
    props.put("compressnet.batch.size", "8");
    props.put("processing.guarantee", "exactly_once_v2");
    props.put("consumer.session.timeout.ms", "4000");
    props.put("consumer.heartbeat.interval.ms", "500");
    props.put("producer.transaction.timeout.ms", "10000");
    Path file = tmp.resolve(name + ".properties");
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(out, "crash test instance " + name);
    }
    ProcessBuilder builder =
        new ProcessBuilder(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-Dai.djl.offline=true",
            "-cp",
            System.getProperty("java.class.path"),
            EncoderService.class.getName(),
            file.toString());
    builder.environment().put("ONEDNN_MAX_CPU_ISA", "SSE41");
    builder.redirectErrorStream(true);
    builder.redirectOutput(tmp.resolve(name + ".log").toFile());
    return builder.start();
  }

  /** Child logs survive the temporary directory, for diagnosis. */
  private static void keepLogs(Path tmp) throws IOException {
    Path kept = Path.of("target", "crash-test-logs");
    Files.createDirectories(kept);
    for (String name : List.of("a", "b")) {
      Path log = tmp.resolve(name + ".log");
      if (Files.exists(log)) {
        Files.copy(
            log, kept.resolve(name + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static boolean running(Path tmp, String name) {
    try {
      return Files.readString(tmp.resolve(name + ".log")).contains("-> RUNNING");
    } catch (IOException e) {
      return false;
    }
  }

  private static void produce(
      EmbeddedKafka kafka, SchemaRegistryClient client, ImageSet images, int from, int to) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("enable.idempotence", "true");
    try (KafkaProducer<String, ImageEvent> producer =
        new KafkaProducer<>(
            props,
            new StringSerializer(),
            new SpecificAvroSerde<>(client, ImageEvent.class, true).serializer())) {
      for (int i = from; i < to; i++) {
        ImageEvent event =
            ImageEvent.newBuilder()
                .setId(id(i))
                .setSource("crash-test")
                .setCapturedAt(Instant.now())
                .setWidth(28)
                .setHeight(28)
                .setPixels(ByteBuffer.wrap(images.images()[i % images.size()]))
                .build();
        producer.send(new ProducerRecord<>(Topics.IMAGES_RAW, id(i), event));
      }
      producer.flush();
    }
  }

  private static KafkaConsumer<String, byte[]> reader(EmbeddedKafka kafka) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("group.id", "crash-test-reader");
    props.put("auto.offset.reset", "earliest");
    props.put("isolation.level", "read_committed");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.IMAGES_LATENT));
    return consumer;
  }

  /** Polls once, counting ids; returns true so it can lead a condition. */
  private static boolean poll(KafkaConsumer<String, byte[]> reader, Map<String, Integer> seen) {
    for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
      seen.merge(r.key(), 1, Integer::sum);
    }
    return true;
  }

  private static void await(BooleanSupplier condition, Supplier<String> what, Path tmp)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + SLOW_MACHINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out waiting for " + what.get() + "; instance b log tail:\n" + tail(tmp, "b"));
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private static String tail(Path tmp, String name) throws IOException {
    List<String> lines = Files.readAllLines(tmp.resolve(name + ".log"));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private static void stop(Process process) throws InterruptedException {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: the service's shutdown hook closes Kafka Streams
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private static String id(int i) {
    return "crash-" + i;
  }
}
