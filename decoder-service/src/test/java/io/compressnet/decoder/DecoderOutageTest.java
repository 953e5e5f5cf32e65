package io.compressnet.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.inference.UntrainedBundles;
import io.compressnet.devstack.EmbeddedKafka;
import io.compressnet.encoder.EncoderConfig;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.registry.FakeRegistryServer;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.schemas.serde.WireFormat;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.StreamsApp;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder through a 30 s outage of the broker, and of the Schema Registry while latents of a
 * writer schema it has not seen arrive, with the encoder in front of it on a real broker: it must
 * resume by itself, reconstruct every image exactly once and dead-letter none.
 */
class DecoderOutageTest {
  private static final Path SAMPLE =
      Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz").toAbsolutePath();
  private static final int PER_PHASE = 20;
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  /** After the expected count, how long the reader keeps polling to catch duplicates. */
  private static final Duration DUPLICATE_WATCH = Duration.ofSeconds(5);

  /** LatentVector with one more optional field: a newer encoder's schema, readable by this one. */
  private static final Schema NEWER_LATENT_VECTOR =
      new Schema.Parser()
          .parse(
              LatentVector.getClassSchema()
                  .toString()
                  .replaceFirst(
                      "]}$",
                      ",{\"name\":\"encoderHost\",\"type\":[\"null\",\"string\"],\"default\":null}]}"));

  @TempDir Path tmp;

  @Test
  void shouldReconstructEveryImageOnceAfterTheBrokerWasDownForThirtySeconds() throws Exception {
    InMemorySchemaRegistryClient schemas = new InMemorySchemaRegistryClient();
    UntrainedBundles.create(tmp.resolve("models/m"), "outage-ps8-int8", 8, "INT8");
    try (FakeRegistryServer registry = new FakeRegistryServer("", 0, schemas);
        EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(Topics.all(), 2);
      ServiceMetrics decoderMetrics = ServiceMetrics.inMemory("decoder");
      try (StreamsApp encoder = startEncoder(kafka, registry);
          StreamsApp decoder = startDecoder(kafka, registry, decoderMetrics)) {
        // Given a first batch through encoder and decoder
        sendImages(kafka, schemas, 0, PER_PHASE);
        assertThat(readReconstructed(kafka, PER_PHASE)).hasSize(PER_PHASE);

        // When the broker is down for 30 s, then back on the same port and log
        kafka.stop();
        Thread.sleep(OUTAGE.toMillis());
        boolean failedDuringOutage = decoder.failed() || encoder.failed();
        kafka.restart();
        sendImages(kafka, schemas, PER_PHASE, 2 * PER_PHASE);

        // Then every image is reconstructed exactly once, nothing dead-lettered
        List<String> all = readReconstructed(kafka, 2 * PER_PHASE);
        assertThat(failedDuringOutage).isFalse();
        assertThat(all).hasSize(2 * PER_PHASE).doesNotHaveDuplicates();
        assertThat(decoderMetrics.deadLetterCount()).isZero();
        assertThat(decoder.failed()).isFalse();
      }
    }
  }

  @Test
  void shouldDecodeLatentsOfANewSchemaOnceTheRegistryIsBackWithoutDeadLetteringThem()
      throws Exception {
    InMemorySchemaRegistryClient schemas = new InMemorySchemaRegistryClient();
    UntrainedBundles.create(tmp.resolve("models/m"), "outage-ps8-int8", 8, "INT8");
    FakeRegistryServer registry = new FakeRegistryServer("", 0, schemas);
    int port = registry.port();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(Topics.all(), 2);
      ServiceMetrics decoderMetrics = ServiceMetrics.inMemory("decoder");
      try (StreamsApp encoder = startEncoder(kafka, registry);
          StreamsApp decoder = startDecoder(kafka, registry, decoderMetrics)) {
        // Given a first batch through, and its latents kept as a newer encoder would write them
        sendImages(kafka, schemas, 0, PER_PHASE);
        assertThat(readReconstructed(kafka, PER_PHASE)).hasSize(PER_PHASE);
        int newerId = schemas.register("images.latent-value", NEWER_LATENT_VECTOR);
        List<ProducerRecord<String, byte[]>> newer =
            asNewerLatents(readLatentFrames(kafka), newerId);

        // When the registry goes down and those latents arrive
        registry.close();
        sendFrames(kafka, newer);
        Thread.sleep(OUTAGE.toMillis());
        boolean failedDuringOutage = decoder.failed();
        registry = new FakeRegistryServer("", port, schemas);

        // Then they are decoded once it is back, none dead-lettered, the decoder never stopped
        List<String> all = readReconstructed(kafka, 2 * PER_PHASE);
        assertThat(failedDuringOutage).isFalse();
        assertThat(all).hasSize(2 * PER_PHASE).doesNotHaveDuplicates();
        assertThat(all).filteredOn(id -> id.startsWith("newer-")).hasSize(PER_PHASE);
        assertThat(decoderMetrics.deadLetterCount()).isZero();
        assertThat(decoder.awaitRunning(Duration.ofSeconds(60))).isTrue();
      } finally {
        registry.close();
      }
    }
  }

  private StreamsApp startEncoder(EmbeddedKafka kafka, FakeRegistryServer registry) {
    ServiceConfig settings =
        EncoderConfig.SPEC
            .loader()
            .overrides(common(kafka, registry))
            .override("compressnet.model.dir", tmp.resolve("models/m").toString())
            .override("state.dir", tmp.resolve("state-enc").toString())
            .load();
    return RunningServices.encoder(settings, ServiceMetrics.inMemory("encoder"));
  }

  private StreamsApp startDecoder(
      EmbeddedKafka kafka, FakeRegistryServer registry, ServiceMetrics metrics) {
    ServiceConfig settings =
        DecoderConfig.SPEC
            .loader()
            .overrides(common(kafka, registry))
            .override("compressnet.models.dir", tmp.resolve("models").toString())
            .override("state.dir", tmp.resolve("state-dec").toString())
            .load();
    return RunningServices.decoder(settings, metrics);
  }

  private static Map<String, String> common(EmbeddedKafka kafka, FakeRegistryServer registry) {
    return Map.of(
        "bootstrap.servers", kafka.bootstrapServers(),
        "schema.registry.url", registry.url(),
        "schema.registry.connect.timeout.ms", "1000",
        "schema.registry.request.timeout.ms", "2000",
        "compressnet.metrics.port", "0");
  }

  private static void sendImages(
      EmbeddedKafka kafka, InMemorySchemaRegistryClient schemas, int from, int to)
      throws Exception {
    ImageSet images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, to);
    try (KafkaProducer<String, ImageEvent> producer =
        new KafkaProducer<>(
            producerProperties(kafka),
            new StringSerializer(),
            new SpecificAvroSerde<>(schemas, ImageEvent.class, true).serializer())) {
      for (int i = from; i < to; i++) {
        ImageEvent event =
            ImageEvent.newBuilder()
                .setId("img-" + i)
                .setSource("outage-test")
                .setCapturedAt(Instant.now())
                .setWidth(28)
                .setHeight(28)
                .setPixels(ByteBuffer.wrap(images.images()[i]))
                .build();
        producer.send(new ProducerRecord<>(Topics.IMAGES_RAW, "img-" + i, event)).get();
      }
    }
  }

  private static void sendFrames(EmbeddedKafka kafka, List<ProducerRecord<String, byte[]>> records)
      throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            producerProperties(kafka), new StringSerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<String, byte[]> r : records) {
        producer.send(r).get();
      }
    }
  }

  /**
   * The same latents as a newer encoder writes them: the record's id renamed {@code newer-…} (a
   * string is its zig-zag varint length, then its bytes) and the new optional field appended as
   * null (union branch 0, one zero byte), framed with the newer schema's id.
   */
  private static List<ProducerRecord<String, byte[]>> asNewerLatents(
      List<byte[]> frames, int newerId) {
    List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
    for (byte[] frame : frames) {
      ByteBuffer payload = ByteBuffer.wrap(WireFormat.payload(frame));
      byte[] id = new byte[(int) (readVarLong(payload) >> 1)];
      payload.get(id);
      String newId = "newer-" + new String(id, StandardCharsets.UTF_8);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      byte[] newIdBytes = newId.getBytes(StandardCharsets.UTF_8);
      writeVarLong(bytes, (long) newIdBytes.length << 1);
      bytes.writeBytes(newIdBytes);
      bytes.write(payload.array(), payload.position(), payload.remaining());
      bytes.write(0);
      out.add(
          new ProducerRecord<>(
              Topics.IMAGES_LATENT, newId, WireFormat.frame(newerId, bytes.toByteArray())));
    }
    return out;
  }

  private static long readVarLong(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.get() & 0xff;
      value |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        return value;
      }
    }
  }

  private static void writeVarLong(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static List<byte[]> readLatentFrames(EmbeddedKafka kafka) {
    List<byte[]> frames = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : read(kafka, Topics.IMAGES_LATENT, PER_PHASE)) {
      frames.add(r.value());
    }
    return frames;
  }

  /** The ids of the reconstructions, read committed; polls on a while to catch duplicates. */
  private static List<String> readReconstructed(EmbeddedKafka kafka, int expected) {
    return read(kafka, Topics.IMAGES_RECONSTRUCTED, expected).stream()
        .map(r -> reconstructedId(r.value()))
        .toList();
  }

  /** The image id, the first field of a ReconstructedImage. */
  private static String reconstructedId(byte[] frame) {
    ByteBuffer payload = ByteBuffer.wrap(WireFormat.payload(frame));
    byte[] id = new byte[(int) (readVarLong(payload) >> 1)];
    payload.get(id);
    return new String(id, StandardCharsets.UTF_8);
  }

  private static List<ConsumerRecord<String, byte[]>> read(
      EmbeddedKafka kafka, String topic, int expected) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("group.id", "outage-reader-" + UUID.randomUUID());
    p.put("auto.offset.reset", "earliest");
    p.put("isolation.level", "read_committed");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      long watchUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, watchUntil)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          records.add(r);
        }
        if (records.size() >= expected && watchUntil == Long.MAX_VALUE) {
          watchUntil = System.nanoTime() + DUPLICATE_WATCH.toNanos();
        }
      }
    }
    return records;
  }

  private static Properties producerProperties(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("acks", "all");
    return p;
  }
}
