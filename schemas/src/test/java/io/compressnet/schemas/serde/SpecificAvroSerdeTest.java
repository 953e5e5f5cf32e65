package io.compressnet.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.FakeRegistryServer;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.registry.RegistryUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecificAvroSerdeTest {
  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  /** ImageEvent as first registered: before the optional label was added. */
  private static final Schema IMAGE_EVENT_V1 =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "ImageEvent", "namespace": "io.compressnet.schemas.avro",
               "fields": [
                 {"name": "id", "type": "string"},
                 {"name": "source", "type": "string"},
                 {"name": "capturedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                 {"name": "width", "type": "int"},
                 {"name": "height", "type": "int"},
                 {"name": "pixels", "type": "bytes"}]}
              """);

  /** ReconstructedImage before latentBytes and encodedAt were added. */
  private static final Schema RECONSTRUCTED_IMAGE_V1 =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "ReconstructedImage",
               "namespace": "io.compressnet.schemas.avro",
               "fields": [
                 {"name": "id", "type": "string"},
                 {"name": "source", "type": "string"},
                 {"name": "capturedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                 {"name": "modelId", "type": "string"},
                 {"name": "width", "type": "int"},
                 {"name": "height", "type": "int"},
                 {"name": "pixels", "type": "bytes"},
                 {"name": "decodedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}
              """);

  private static Stream<SpecificRecord> everyRecordType() {
    return SampleRecords.all().stream();
  }

  @Test
  void shouldWriteConfluentFrameByteForByte() {
    // Given a registry that hands out id 0x01020304 and a small image event
    InMemorySchemaRegistryClient pinned = new InMemorySchemaRegistryClient(0x01020304);
    ImageEvent event =
        ImageEvent.newBuilder()
            .setId("a")
            .setSource("s")
            .setCapturedAt(Instant.ofEpochMilli(1000))
            .setWidth(2)
            .setHeight(1)
            .setPixels(ByteBuffer.wrap(new byte[] {0x00, (byte) 0xFF}))
            .setLabel("x")
            .build();

    // When it is serialized
    byte[] frame = serde(pinned, ImageEvent.class).serializer().serialize(Topics.IMAGES_RAW, event);

    // Then the frame is magic byte, big-endian id, then Avro binary field by field
    byte[] expected = {
      0x00, // magic byte
      0x01,
      0x02,
      0x03,
      0x04, // schema id, big-endian
      0x02,
      'a', // id: zig-zag length 1, "a"
      0x02,
      's', // source
      (byte) 0xD0,
      0x0F, // capturedAt 1000 ms: zig-zag 2000 as varint
      0x04, // width 2
      0x02, // height 1
      0x04,
      0x00,
      (byte) 0xFF, // pixels: length 2, bytes
      0x02,
      0x02,
      'x', // label: union branch 1 (string), "x"
      0x02 // channels 1 (the default, written like any int): zig-zag 2
    };
    assertThat(frame).containsExactly(expected);
    assertThat(WireFormat.schemaId(frame)).isEqualTo(0x01020304);
    assertThat(pinned.subjects()).containsExactly("images.raw-value");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRecordType")
  void shouldRoundTripEveryRecordType(SpecificRecord record) {
    // Given a serde for the record's class
    SpecificAvroSerde<SpecificRecord> serde = serde(registry, classOf(record));

    // When the record is serialized and read back
    byte[] frame = serde.serializer().serialize("topic", record);
    SpecificRecord back = serde.deserializer().deserialize("topic", frame);

    // Then it is equal to the original, field for field
    assertThat(back).isEqualTo(record);
    assertThat(back.getClass()).isEqualTo(record.getClass());
    assertThat(registry.getById(WireFormat.schemaId(frame))).isEqualTo(record.getSchema());
  }

  @Test
  void shouldWriteEachRecordWholeAfterALargerOneAndFromSeveralThreads() throws Exception {
    // Given one serializer, a 3 MB image (larger than the per-thread buffer keeps) and a small one
    SpecificAvroSerde<ImageEvent> serde = serde(registry, ImageEvent.class);
    ImageEvent large = imageOf("large", 3 << 20);
    ImageEvent small = imageOf("small", 10);
    byte[] smallAlone = serde.serializer().serialize("topic", small);

    // When the large one is written first, then the small one, on one thread and on four
    byte[] largeFrame = serde.serializer().serialize("topic", large);
    byte[] smallAfter = serde.serializer().serialize("topic", small);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<byte[]>> parallel = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        ImageEvent event = i % 2 == 0 ? small : large;
        parallel.add(pool.submit(() -> serde.serializer().serialize("topic", event)));
      }
      // Then every frame is exactly that record's, none cut short or carrying another's bytes
      assertThat(smallAfter).containsExactly(smallAlone);
      assertThat(serde.deserializer().deserialize("topic", largeFrame)).isEqualTo(large);
      for (int i = 0; i < parallel.size(); i++) {
        byte[] frame = parallel.get(i).get(30, TimeUnit.SECONDS);
        if (i % 2 == 0) {
          assertThat(frame).containsExactly(smallAlone);
        } else {
          assertThat(frame).containsExactly(largeFrame);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static ImageEvent imageOf(String id, int pixels) {
    byte[] bytes = new byte[pixels];
    new Random(pixels).nextBytes(bytes);
    return ImageEvent.newBuilder()
        .setId(id)
        .setSource("s")
        .setCapturedAt(Instant.ofEpochMilli(1000))
        .setWidth(pixels)
        .setHeight(1)
        .setPixels(ByteBuffer.wrap(bytes))
        .setLabel(null)
        .build();
  }

  @Test
  void shouldPassTombstonesThroughAsNull() {
    // Given a serde
    SpecificAvroSerde<ImageEvent> serde = serde(registry, ImageEvent.class);

    // When null goes in either way, then null comes out and nothing is registered
    assertThat(serde.serializer().serialize(Topics.IMAGES_RAW, null)).isNull();
    assertThat(serde.deserializer().deserialize(Topics.IMAGES_RAW, null)).isNull();
    assertThat(registry.subjects()).isEmpty();
  }

  @Test
  void shouldRegisterOnFirstSerializeAndCacheTheId() {
    // Given a counting registry and an auto-registering serializer
    CountingRegistryClient counting = new CountingRegistryClient(registry);
    SpecificAvroSerde<ImageEvent> serde = serde(counting, ImageEvent.class);

    // When three records are serialized
    for (int i = 0; i < 3; i++) {
      serde.serializer().serialize(Topics.IMAGES_RAW, SampleRecords.imageEvent());
    }

    // Then the schema was registered once, under the value subject
    assertThat(counting.calls("register")).isEqualTo(1);
    assertThat(registry.getLatest("images.raw-value").schema())
        .isEqualTo(ImageEvent.getClassSchema());
  }

  @Test
  void shouldFetchWriterSchemaOnceAndCacheIt() {
    // Given a frame and a counting registry behind the deserializer
    byte[] frame =
        serde(registry, ImageEvent.class).serializer().serialize("t", SampleRecords.imageEvent());
    CountingRegistryClient counting = new CountingRegistryClient(registry);
    SpecificAvroDeserializer<ImageEvent> deserializer =
        new SpecificAvroDeserializer<>(counting, ImageEvent.class);

    // When the frame is read three times
    for (int i = 0; i < 3; i++) {
      assertThat(deserializer.deserialize("t", frame)).isEqualTo(SampleRecords.imageEvent());
    }

    // Then the registry was asked once
    assertThat(counting.calls("getById")).isEqualTo(1);
  }

  @Test
  void shouldLookUpIdWithoutRegisteringWhenAutoRegisterIsOff() {
    // Given the schema registered beforehand and a serializer that must not register
    int id = registry.register("images.raw-value", ImageEvent.getClassSchema());
    CountingRegistryClient counting = new CountingRegistryClient(registry);
    SpecificAvroSerde<ImageEvent> serde =
        new SpecificAvroSerde<>(counting, ImageEvent.class, false);

    // When a record is serialized twice
    byte[] frame = serde.serializer().serialize(Topics.IMAGES_RAW, SampleRecords.imageEvent());
    serde.serializer().serialize(Topics.IMAGES_RAW, SampleRecords.imageEvent());

    // Then it carries the registered id, found by one lookup and no registration
    assertThat(WireFormat.schemaId(frame)).isEqualTo(id);
    assertThat(counting.calls("lookupId")).isEqualTo(1);
    assertThat(counting.calls("register")).isZero();
  }

  @Test
  void shouldFailClearlyWhenSchemaIsNotRegisteredAndAutoRegisterIsOff() {
    // Given an empty registry and a serializer that must not register
    SpecificAvroSerde<ImageEvent> serde =
        new SpecificAvroSerde<>(registry, ImageEvent.class, false);

    // When / Then serializing names the schema, the subject and the setting
    assertThatThrownBy(
            () -> serde.serializer().serialize(Topics.IMAGES_RAW, SampleRecords.imageEvent()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("io.compressnet.schemas.avro.ImageEvent")
        .hasMessageContaining("not registered under subject images.raw-value")
        .hasMessageContaining("auto.register.schemas is false");
    assertThat(registry.subjects()).isEmpty();
  }

  @Test
  void shouldUseKeySubjectWhenConfiguredAsKeySerde() {
    // Given a serde configured as a key serde
    SpecificAvroSerde<ImageEvent> serde = serde(registry, ImageEvent.class);
    serde.configure(Map.of(), true);

    // When a record is serialized
    serde.serializer().serialize(Topics.IMAGES_RAW, SampleRecords.imageEvent());

    // Then its schema is under the key subject
    assertThat(registry.subjects()).containsExactly("images.raw-key");
  }

  @Test
  void shouldReadRecordWrittenWithOlderImageEventSchemaIntoCurrentClass() throws IOException {
    // Given an image event written by an old producer, before the label field existed
    GenericRecord old = new GenericData.Record(IMAGE_EVENT_V1);
    old.put("id", "old-1");
    old.put("source", "legacy-camera");
    old.put("capturedAt", 1_700_000_000_000L);
    old.put("width", 1);
    old.put("height", 2);
    old.put("pixels", ByteBuffer.wrap(new byte[] {9, 8}));
    int oldId = registry.register("images.raw-value", IMAGE_EVENT_V1);
    byte[] frame = WireFormat.frame(oldId, avro(IMAGE_EVENT_V1, old));

    // When the current consumer reads it
    ImageEvent event =
        serde(registry, ImageEvent.class).deserializer().deserialize("images.raw", frame);

    // Then every field arrives and the new optional label takes its default
    assertThat(event)
        .isEqualTo(
            ImageEvent.newBuilder()
                .setId("old-1")
                .setSource("legacy-camera")
                .setCapturedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setWidth(1)
                .setHeight(2)
                .setPixels(ByteBuffer.wrap(new byte[] {9, 8}))
                .setLabel(null)
                .build());
    // And the registry accepts the current schema as a BACKWARD-compatible next version
    assertThat(registry.register("images.raw-value", ImageEvent.getClassSchema()))
        .isNotEqualTo(oldId);
    assertThat(registry.getLatest("images.raw-value").version()).isEqualTo(2);
  }

  @Test
  void shouldFillDefaultsWhenReadingOlderReconstructedImage() throws IOException {
    // Given a reconstruction written before latentBytes and encodedAt existed
    GenericRecord old = new GenericData.Record(RECONSTRUCTED_IMAGE_V1);
    old.put("id", "r-1");
    old.put("source", "cam");
    old.put("capturedAt", 1000L);
    old.put("modelId", "m@1");
    old.put("width", 1);
    old.put("height", 1);
    old.put("pixels", ByteBuffer.wrap(new byte[] {7}));
    old.put("decodedAt", 2000L);
    int oldId = registry.register("images.reconstructed-value", RECONSTRUCTED_IMAGE_V1);

    // When the current class reads it
    ReconstructedImage image =
        serde(registry, ReconstructedImage.class)
            .deserializer()
            .deserialize(
                "images.reconstructed", WireFormat.frame(oldId, avro(RECONSTRUCTED_IMAGE_V1, old)));

    // Then the new fields carry their documented defaults
    assertThat(image.getLatentBytes()).isZero();
    assertThat(image.getEncodedAt()).isEqualTo(Instant.EPOCH);
    assertThat(image.getDecodedAt()).isEqualTo(Instant.ofEpochMilli(2000));
    assertThat(image.getPixels()).isEqualTo(ByteBuffer.wrap(new byte[] {7}));
  }

  @Test
  void shouldRefuseSchemaThatBreaksBackwardCompatibility() {
    // Given a subject whose old writer schema lacks 'source', which the current ImageEvent
    // requires without a default, so the current schema cannot read old data
    Schema withoutSource =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "ImageEvent", "namespace": "io.compressnet.schemas.avro",
                 "fields": [{"name": "id", "type": "string"}]}
                """);
    registry.register("images.raw-value", withoutSource);

    // When / Then auto-registering the current schema is refused with the registry's reason
    assertThatThrownBy(
            () ->
                serde(registry, ImageEvent.class)
                    .serializer()
                    .serialize(Topics.IMAGES_RAW, SampleRecords.imageEvent()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Registry refused schema io.compressnet.schemas.avro.ImageEvent")
        .hasMessageContaining("images.raw-value")
        .hasMessageContaining("READER_FIELD_MISSING_DEFAULT")
        .hasMessageContaining("source");
  }

  @Test
  void shouldRejectFrameWithUnknownMagicByte() {
    // Given a valid frame whose first byte is changed to 7
    byte[] frame =
        serde(registry, ImageEvent.class)
            .serializer()
            .serialize("images.raw", SampleRecords.imageEvent());
    frame[0] = 7;

    // When / Then
    assertThatThrownBy(
            () -> serde(registry, ImageEvent.class).deserializer().deserialize("images.raw", frame))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Unknown magic byte 0x07 on topic images.raw");
  }

  @Test
  void shouldRejectFrameShorterThanHeader() {
    // Given three bytes
    byte[] frame = {0, 0, 0};

    // When / Then
    assertThatThrownBy(
            () -> serde(registry, ImageEvent.class).deserializer().deserialize("images.raw", frame))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Truncated Confluent frame: 3 bytes")
        .hasMessageContaining("images.raw");
  }

  @Test
  void shouldRejectFrameWhoseAvroPayloadIsCutShort() {
    // Given a valid frame cut in the middle of its pixels
    byte[] full =
        serde(registry, ImageEvent.class)
            .serializer()
            .serialize("images.raw", SampleRecords.imageEvent());
    byte[] cut = Arrays.copyOf(full, full.length - 5);

    // When / Then
    assertThatThrownBy(
            () -> serde(registry, ImageEvent.class).deserializer().deserialize("images.raw", cut))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Truncated Confluent frame: " + cut.length + " bytes")
        .hasMessageContaining("ends early for schema id " + WireFormat.schemaId(full));
  }

  @Test
  void shouldRejectFrameDeclaringABytesFieldLongerThanItselfWithoutAllocatingIt()
      throws IOException {
    // Given a 30-byte frame whose pixels field declares 2,000,000,000 bytes (Avro's own decoder
    // allocates the declared length first: an OutOfMemoryError in a stream thread)
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder avro =
        org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
    avro.writeString("huge-1");
    avro.writeString("fuzzer");
    avro.writeLong(1_700_000_000_000L);
    avro.writeInt(28);
    avro.writeInt(28);
    avro.writeLong(2_000_000_000L);
    avro.writeFixed(new byte[] {1, 2, 3, 4});
    avro.flush();
    int oldId = registry.register("images.raw-value", IMAGE_EVENT_V1);
    byte[] frame = WireFormat.frame(oldId, out.toByteArray());

    // When / Then
    assertThatThrownBy(
            () -> serde(registry, ImageEvent.class).deserializer().deserialize("images.raw", frame))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Truncated Confluent frame: " + frame.length + " bytes")
        .hasMessageContaining("bytes field declares 2000000000 bytes but only 4 are left");
  }

  @Test
  void shouldRejectFrameWithBytesAfterTheRecord() {
    // Given a valid frame with one extra byte appended
    byte[] full =
        serde(registry, ImageEvent.class)
            .serializer()
            .serialize("images.raw", SampleRecords.imageEvent());
    byte[] padded = Arrays.copyOf(full, full.length + 1);

    // When / Then
    assertThatThrownBy(
            () ->
                serde(registry, ImageEvent.class).deserializer().deserialize("images.raw", padded))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("bytes left over after the Avro record");
  }

  @Test
  void shouldRejectFrameWithUnknownSchemaId() {
    // Given a well-formed header naming id 42, which the registry never issued
    byte[] frame = WireFormat.frame(42, new byte[] {0x02, 'a'});

    // When / Then
    assertThatThrownBy(
            () -> serde(registry, ImageEvent.class).deserializer().deserialize("images.raw", frame))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Unknown schema id 42 on topic images.raw");
  }

  @Test
  void shouldRejectRecordOfAnotherTypeWithBothNames() {
    // Given a latent vector frame fed to an ImageEvent deserializer
    byte[] frame =
        serde(registry, LatentVector.class)
            .serializer()
            .serialize("images.latent", SampleRecords.latentVector());

    // When / Then
    assertThatThrownBy(
            () ->
                serde(registry, ImageEvent.class)
                    .deserializer()
                    .deserialize("images.latent", frame))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("(io.compressnet.schemas.avro.LatentVector)")
        .hasMessageContaining("cannot be read as io.compressnet.schemas.avro.ImageEvent");
  }

  @Test
  void shouldWorkFromKafkaConfigsAgainstRestRegistry() throws IOException {
    // Given a REST registry and two serdes built only from Kafka-style configs
    try (FakeRegistryServer server = new FakeRegistryServer("/apis/ccompat/v7")) {
      Map<String, Object> configs =
          Map.of(
              "schema.registry.url", server.url(),
              "auto.register.schemas", "true",
              "specific.avro.value.type", ImageEvent.class.getName());
      byte[] frame;
      try (SpecificAvroSerde<ImageEvent> producer = new SpecificAvroSerde<>()) {
        producer.configure(configs, false);
        frame = producer.serializer().serialize(Topics.IMAGES_RAW, SampleRecords.imageEvent());
      }

      // When a consumer without a configured type reads the frame
      ImageEvent read;
      try (SpecificAvroSerde<ImageEvent> consumer = new SpecificAvroSerde<>()) {
        consumer.configure(Map.of("schema.registry.url", server.url()), false);
        read = consumer.deserializer().deserialize(Topics.IMAGES_RAW, frame);
      }

      // Then the class is found from the writer schema's name and the record survives
      assertThat(read).isEqualTo(SampleRecords.imageEvent());
      assertThat(server.backend().subjects()).containsExactly("images.raw-value");
    }
  }

  @Test
  void shouldBuildTypedSerdeFromConfigWithBasicAuth() throws IOException {
    // Given a REST registry that demands credentials
    try (FakeRegistryServer server = new FakeRegistryServer("")) {
      server.requireAuthorization(
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString("svc:pw".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      Map<String, Object> configs =
          Map.of(
              "schema.registry.url",
              server.url(),
              "schema.registry.basic.auth.user.info",
              "svc:pw");

      // When a latent vector makes a round trip through a serde built from those configs
      LatentVector back;
      try (SpecificAvroSerde<LatentVector> serde =
          SpecificAvroSerde.fromConfig(configs, LatentVector.class, false)) {
        byte[] frame =
            serde.serializer().serialize(Topics.IMAGES_LATENT, SampleRecords.latentVector());
        back = serde.deserializer().deserialize(Topics.IMAGES_LATENT, frame);
      }

      // Then it survives, and every request carried the credentials
      assertThat(back).isEqualTo(SampleRecords.latentVector());
      assertThat(server.requests()).isNotEmpty();
      assertThat(server.requests())
          .allSatisfy(r -> assertThat(r.authorization()).startsWith("Basic "));
      assertThat(server.backend().subjects()).containsExactly("images.latent-value");
    }
  }

  @Test
  void shouldNotTurnUnreachableRegistryIntoSerializationException() {
    // Given a serializer configured against a port nobody listens on
    try (SpecificAvroSerializer<ImageEvent> serializer = new SpecificAvroSerializer<>()) {
      serializer.configure(Map.of("schema.registry.url", "http://127.0.0.1:1"), false);

      // When / Then the failure says the registry is unavailable, so the record is not blamed
      assertThatThrownBy(() -> serializer.serialize(Topics.IMAGES_RAW, SampleRecords.imageEvent()))
          .isInstanceOf(RegistryUnavailableException.class)
          .isNotInstanceOf(SerializationException.class)
          .hasMessageContaining("http://127.0.0.1:1");
    }
  }

  @Test
  void shouldCloseOnlyClientsItCreated() {
    // Given a serde built around a caller's client
    CountingRegistryClient counting = new CountingRegistryClient(registry);
    SpecificAvroSerde<ImageEvent> serde = serde(counting, ImageEvent.class);

    // When the serde is closed
    serde.close();

    // Then the caller's client is left open
    assertThat(counting.calls("close")).isZero();
  }

  private static <T extends SpecificRecord> SpecificAvroSerde<T> serde(
      io.compressnet.schemas.registry.SchemaRegistryClient client, Class<T> type) {
    return new SpecificAvroSerde<>(client, type, true);
  }

  @SuppressWarnings("unchecked")
  private static Class<SpecificRecord> classOf(SpecificRecord record) {
    return (Class<SpecificRecord>) record.getClass();
  }

  private static byte[] avro(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
