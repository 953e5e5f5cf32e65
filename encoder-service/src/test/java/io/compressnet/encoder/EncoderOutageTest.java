package io.compressnet.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.inference.UntrainedBundles;
import io.compressnet.devstack.EmbeddedKafka;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.registry.FakeRegistryServer;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.serde.WireFormat;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.StreamsApp;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
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
 * The Schema Registry goes down for 30 s while the encoder meets a writer schema it has not seen (a
 * producer upgraded to a newer ImageEvent): the encoder must neither stop nor dead-letter those
 * records, and must encode them once the registry is back, on a real broker.
 */
class EncoderOutageTest {
  private static final Path SAMPLE =
      Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz").toAbsolutePath();
  private static final int PER_PHASE = 20;

  /**
   * ImageEvent with one more optional field: a newer producer's schema, readable by the encoder.
   */
  private static final Schema NEWER_IMAGE_EVENT =
      new Schema.Parser()
          .parse(
              ImageEvent.getClassSchema()
                  .toString()
                  .replace(
                      "]}",
                      ",{\"name\":\"exposureMs\",\"type\":[\"null\",\"int\"],\"default\":null}]}"));

  @Test
  void shouldEncodeRecordsOfANewSchemaOnceTheRegistryIsBackWithoutDeadLetteringThem(
      @TempDir Path tmp) throws Exception {
    ImageSet images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 2 * PER_PHASE);
    UntrainedBundles.create(tmp.resolve("model"), "outage-ps8-int8", 8, "INT8");
    InMemorySchemaRegistryClient schemas = new InMemorySchemaRegistryClient();
    int currentId = schemas.register("images.raw-value", ImageEvent.getClassSchema());
    int newerId = schemas.register("images.raw-value", NEWER_IMAGE_EVENT);
    FakeRegistryServer registry = new FakeRegistryServer("", 0, schemas);
    int port = registry.port();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(Topics.all(), 2);
      ServiceConfig settings = settings(kafka, registry, tmp);
      ServiceMetrics metrics = ServiceMetrics.inMemory("encoder");
      try (StreamsApp encoder = startEncoder(settings, metrics);
          KafkaProducer<String, byte[]> producer = producer(kafka);
          KafkaConsumer<String, byte[]> reader = reader(kafka)) {
        // Given the encoder running, with the current schema seen
        send(producer, images, 0, PER_PHASE, currentId, ImageEvent.getClassSchema());
        Set<String> out = new HashSet<>(read(reader, PER_PHASE, Duration.ofMinutes(3)));
        assertThat(out).hasSize(PER_PHASE);

        // When the registry goes down and records of the newer schema arrive
        registry.close();
        send(producer, images, PER_PHASE, 2 * PER_PHASE, newerId, NEWER_IMAGE_EVENT);
        Thread.sleep(30_000);
        boolean failedDuringOutage = encoder.failed();
        registry = new FakeRegistryServer("", port, schemas);

        // Then they are encoded once it is back, none is dead-lettered, the encoder never stopped
        out.addAll(read(reader, PER_PHASE, Duration.ofMinutes(3)));
        assertThat(out).hasSize(2 * PER_PHASE);
        assertThat(failedDuringOutage).isFalse();
        assertThat(encoder.awaitRunning(Duration.ofSeconds(60))).isTrue();
        assertThat(metrics.deadLetterCount()).isZero();
        assertThat(metrics.outCount()).isEqualTo(2 * PER_PHASE);
      } finally {
        registry.close();
      }
    }
  }

  @Test
  void shouldResumeAfterTheBrokerWasDownForThirtySecondsWithoutLossOrDuplicates(@TempDir Path tmp)
      throws Exception {
    ImageSet images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 2 * PER_PHASE);
    UntrainedBundles.create(tmp.resolve("model"), "outage-ps8-int8", 8, "INT8");
    InMemorySchemaRegistryClient schemas = new InMemorySchemaRegistryClient();
    int currentId = schemas.register("images.raw-value", ImageEvent.getClassSchema());
    try (FakeRegistryServer registry = new FakeRegistryServer("", 0, schemas);
        EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(Topics.all(), 2);
      ServiceConfig settings = settings(kafka, registry, tmp);
      ServiceMetrics metrics = ServiceMetrics.inMemory("encoder");
      try (StreamsApp encoder = startEncoder(settings, metrics)) {
        // Given the encoder running and a first batch through
        try (KafkaProducer<String, byte[]> producer = producer(kafka);
            KafkaConsumer<String, byte[]> reader = reader(kafka)) {
          send(producer, images, 0, PER_PHASE, currentId, ImageEvent.getClassSchema());
          assertThat(read(reader, PER_PHASE, Duration.ofMinutes(3))).hasSize(PER_PHASE);
        }

        // When the broker is down for 30 s, then back on the same port and log
        kafka.stop();
        Thread.sleep(30_000);
        boolean failedDuringOutage = encoder.failed();
        kafka.restart();

        // Then the next images are encoded exactly once, nothing dead-lettered
        List<String> all;
        try (KafkaProducer<String, byte[]> producer = producer(kafka);
            KafkaConsumer<String, byte[]> reader = reader(kafka)) {
          send(producer, images, PER_PHASE, 2 * PER_PHASE, currentId, ImageEvent.getClassSchema());
          all = read(reader, 2 * PER_PHASE, Duration.ofMinutes(4));
        }
        assertThat(failedDuringOutage).isFalse();
        assertThat(all).hasSize(2 * PER_PHASE).doesNotHaveDuplicates();
        assertThat(metrics.deadLetterCount()).isZero();
        assertThat(encoder.failed()).isFalse();
      }
    }
  }

  /** The encoder, with a registry client of its own built from its settings. */
  private static StreamsApp startEncoder(ServiceConfig settings, ServiceMetrics metrics) {
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(settings.serdeConfigs()));
    return StreamsApp.start(
        EncoderService.buildTopology(EncoderConfig.from(settings), client, metrics),
        settings,
        metrics);
  }

  private static ServiceConfig settings(
      EmbeddedKafka kafka, FakeRegistryServer registry, Path tmp) {
    return EncoderConfig.SPEC
        .loader()
        .overrides(
            Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "schema.registry.url", registry.url(),
                "schema.registry.connect.timeout.ms", "1000",
                "schema.registry.request.timeout.ms", "2000",
                "compressnet.metrics.port", "0",
                "compressnet.model.dir", tmp.resolve("model").toString(),
                "state.dir", tmp.resolve("state").toString()))
        .load();
  }

  private static void send(
      KafkaProducer<String, byte[]> producer,
      ImageSet images,
      int from,
      int to,
      int schemaId,
      Schema writer)
      throws Exception {
    for (int i = from; i < to; i++) {
      GenericRecord event = new GenericData.Record(writer);
      event.put("id", "img-" + i);
      event.put("source", "outage-test");
      event.put("capturedAt", 1_700_000_000_000L + i);
      event.put("width", 28);
      event.put("height", 28);
      event.put("pixels", ByteBuffer.wrap(images.images()[i]));
      event.put("channels", 1);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      BinaryEncoder avro = EncoderFactory.get().binaryEncoder(bytes, null);
      new GenericDatumWriter<GenericRecord>(writer).write(event, avro);
      avro.flush();
      producer
          .send(
              new ProducerRecord<>(
                  Topics.IMAGES_RAW, "img-" + i, WireFormat.frame(schemaId, bytes.toByteArray())))
          .get();
    }
  }

  private static List<String> read(
      KafkaConsumer<String, byte[]> reader, int count, Duration timeout) {
    List<String> ids = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (ids.size() < count && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
        ids.add(r.key());
      }
    }
    return ids;
  }

  private static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("acks", "all");
    return new KafkaProducer<>(
        p, new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<String, byte[]> reader(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("group.id", "outage-reader-" + java.util.UUID.randomUUID());
    p.put("enable.auto.commit", "false");
    p.put("auto.offset.reset", "earliest");
    p.put("isolation.level", "read_committed");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.IMAGES_LATENT));
    return consumer;
  }
}
