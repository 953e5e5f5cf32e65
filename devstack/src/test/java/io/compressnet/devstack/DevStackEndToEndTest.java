package io.compressnet.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.registry.IncompatibleSchemaException;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real thing: the embedded broker, the Apicurio registry child process, the project's own
 * Schema Registry client and wire-format serde. One stack for the whole class (and JVM).
 */
@ExtendWith(DevStackExtension.class)
class DevStackEndToEndTest {

  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);
  private static final String RAW_SUBJECT = Topics.valueSubject(Topics.IMAGES_RAW);

  private static DevStack stack;
  private static SchemaRegistryClient registry;

  @BeforeAll
  static void connect(DevStack devStack) {
    stack = devStack;
    registry = new RestSchemaRegistryClient(RegistryClientConfig.of(stack.registryUrl()));
  }

  @AfterAll
  static void disconnect() {
    registry.close();
  }

  @Test
  void shouldCreateEveryTopicWithSixPartitions() throws Exception {
    try (var admin = stack.kafka().admin()) {
      Map<String, TopicDescription> topics =
          admin.describeTopics(Topics.all()).allTopicNames().get();

      assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.all());
      assertThat(topics.values())
          .allSatisfy(t -> assertThat(t.partitions()).hasSize(Topics.DEFAULT_PARTITIONS));
    }
  }

  @Test
  void shouldServeTheConfluentApiToPlainHttpClients() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("[").endsWith("]");
    assertThat(stack.registryUrl()).isEqualTo(stack.registry().url() + "/apis/ccompat/v7");
  }

  @Test
  void shouldRoundTripImageEventsThroughBrokerAndRegistry() throws Exception {
    // Given image events sent with the wire-format serde, schemas registered automatically
    String source = "e2e-" + UUID.randomUUID();
    List<ImageEvent> sent = IntStream.range(0, 20).mapToObj(i -> imageEvent(source, i)).toList();
    try (var serde = new SpecificAvroSerde<>(registry, ImageEvent.class, true);
        var producer =
            new KafkaProducer<>(producerConfig(), new StringSerializer(), serde.serializer())) {
      for (ImageEvent event : sent) {
        producer.send(new ProducerRecord<>(Topics.IMAGES_RAW, event.getId(), event)).get();
      }
    }

    // When they are consumed back
    Map<String, ImageEvent> received = new HashMap<>();
    try (var serde = new SpecificAvroSerde<>(registry, ImageEvent.class, false);
        var consumer =
            new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), serde.deserializer())) {
      consumer.subscribe(List.of(Topics.IMAGES_RAW));
      long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
      while (received.size() < sent.size() && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          if (source.equals(record.value().getSource())) {
            assertThat(record.key()).isEqualTo(record.value().getId());
            received.put(record.key(), record.value());
          }
        }
      }
    }

    // Then every event arrives unchanged, and the registry holds the writer schema
    assertThat(received)
        .isEqualTo(sent.stream().collect(Collectors.toMap(ImageEvent::getId, e -> e)));
    assertThat(registry.subjects()).contains(RAW_SUBJECT);
    assertThat(registry.getLatest(RAW_SUBJECT).schema()).isEqualTo(ImageEvent.getClassSchema());
  }

  @Test
  void shouldRefuseABackwardIncompatibleChangeOfTheImageSchema() {
    // Given images.raw-value holds ImageEvent under BACKWARD compatibility
    registry.register(RAW_SUBJECT, ImageEvent.getClassSchema());
    registry.setCompatibility(RAW_SUBJECT, "BACKWARD");
    assertThat(registry.getCompatibility(RAW_SUBJECT)).isEqualTo("BACKWARD");
    Schema withRequiredField = withExtraField("\"type\": \"int\"");
    Schema withOptionalField = withExtraField("\"type\": [\"null\", \"int\"], \"default\": null");

    // When / Then: a new field without default cannot read old data, so it is refused...
    assertThat(registry.isCompatible(RAW_SUBJECT, withRequiredField)).isFalse();
    assertThatThrownBy(() -> registry.register(RAW_SUBJECT, withRequiredField))
        .isInstanceOfSatisfying(
            IncompatibleSchemaException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.getMessage())
                  .startsWith("Schema refused as incompatible")
                  .contains(RAW_SUBJECT)
                  .contains("exposureMs");
            });
    // ...while the same field with a default is an allowed evolution
    assertThat(registry.isCompatible(RAW_SUBJECT, withOptionalField)).isTrue();
    assertThat(registry.getLatest(RAW_SUBJECT).schema()).isEqualTo(ImageEvent.getClassSchema());
  }

  @Test
  void shouldFailOnAFrameWithABadMagicByte() throws Exception {
    // Given a record whose first byte is not the wire format's magic byte 0
    String topic = "devstack-test.corrupt-" + UUID.randomUUID();
    stack.kafka().createTopics(List.of(topic), 1);
    byte[] corrupt = ByteBuffer.allocate(9).put((byte) 7).putInt(1).putInt(42).array();
    try (var producer =
        new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, "bad", corrupt)).get();
    }

    // When it is consumed with the Avro deserializer, then the cause names the bad byte
    try (var serde = new SpecificAvroSerde<>(registry, ImageEvent.class, false);
        var consumer =
            new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), serde.deserializer())) {
      consumer.subscribe(List.of(topic));
      assertThatThrownBy(
              () -> {
                long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
                while (System.nanoTime() < deadline) {
                  consumer.poll(Duration.ofMillis(200));
                }
              })
          .isInstanceOf(RecordDeserializationException.class)
          .cause()
          .isInstanceOf(SerializationException.class)
          .hasMessage(
              "Unknown magic byte 0x07 on topic "
                  + topic
                  + ": not Confluent wire format (expected 0x00)");
    }
  }

  @Test
  void shouldCommitTransactionsExactlyOnceOnASingleNode() throws Exception {
    // Given a transactional producer (needs the transaction-state topic at replication 1)
    String topic = "devstack-test.tx-" + UUID.randomUUID();
    stack.kafka().createTopics(List.of(topic), 1);
    Map<String, Object> config = new HashMap<>(producerConfig());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();

      // When one transaction is aborted and one committed
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "aborted", "x"));
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "committed", "y"));
      producer.commitTransaction();
    }

    // Then a read_committed consumer sees only the committed record
    assertThat(EmbeddedKafkaTest.consumeAll(stack.bootstrapServers(), topic, 1))
        .isEqualTo(Map.of("committed", "y"));
  }

  private static Schema withExtraField(String typeAndDefault) {
    String json = ImageEvent.getClassSchema().toString();
    String extra = "{\"name\": \"exposureMs\", " + typeAndDefault + "}";
    int endOfFields = json.lastIndexOf(']');
    return new Schema.Parser().parse(json.substring(0, endOfFields) + "," + extra + "]}");
  }

  private static ImageEvent imageEvent(String source, int i) {
    byte[] pixels = new byte[28 * 28];
    for (int p = 0; p < pixels.length; p++) {
      pixels[p] = (byte) ((p * 7 + i * 13) & 0xFF);
    }
    return ImageEvent.newBuilder()
        .setId(source + "-" + i)
        .setSource(source)
        .setCapturedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .setWidth(28)
        .setHeight(28)
        .setPixels(ByteBuffer.wrap(pixels))
        .setLabel(i % 2 == 0 ? null : String.valueOf((char) ('A' + i)))
        .build();
  }

  private static Map<String, Object> producerConfig() {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        stack.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG,
        "all");
  }

  private static Map<String, Object> consumerConfig() {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        stack.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG,
        "e2e-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest");
  }
}
