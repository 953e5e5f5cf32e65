package io.compressnet.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.LatentEncoding;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroDeserializer;
import io.compressnet.schemas.serde.SpecificAvroSerializer;
import io.compressnet.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The evolution rules of the README, case by case, through the real registry: records carry the id
 * of the schema they were written with, readers fetch that schema from the registry and resolve it
 * to their own. Every test uses a subject of its own (the local registry's default, BACKWARD).
 */
@ExtendWith(DevStackExtension.class)
class SchemaEvolutionEndToEndTest {

  private static final GenericData WITH_TIMESTAMPS = new GenericData();

  static {
    WITH_TIMESTAMPS.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
  }

  private static SchemaRegistryClient registry;

  @BeforeAll
  static void connect(DevStack stack) {
    registry = new RestSchemaRegistryClient(RegistryClientConfig.of(stack.registryUrl()));
  }

  @AfterAll
  static void disconnect() {
    registry.close();
  }

  @Test
  void shouldLetANewReaderFillADefaultedFieldMissingFromOldRecords() throws Exception {
    // Given a record written with today's ImageEvent
    String topic = freshTopic();
    byte[] old = serialize(topic, imageEvent());
    Schema newer = imageEventWithExposure();

    // When a schema that adds a field with a default is registered and reads the old record
    registry.register(topic + "-value", newer);
    GenericRecord read = readAs(old, newer);

    // Then the old fields are there and the new one has its default
    assertThat(read.get("id").toString()).isEqualTo("img-1");
    assertThat(read.get("exposureMs")).isEqualTo(-1);
  }

  @Test
  void shouldLetAnOldReaderSkipAFieldAddedByANewerWriter() {
    // Given today's ImageEvent registered, then the newer schema with a defaulted field
    String topic = freshTopic();
    serialize(topic, imageEvent());
    Schema newer = imageEventWithExposure();
    int newerId = registry.register(topic + "-value", newer);

    // When a newer producer writes a record and today's consumer reads it
    GenericRecord record = asGeneric(imageEvent(), newer);
    record.put("exposureMs", 40);
    ImageEvent read = deserialize(topic, frame(newerId, record, newer), ImageEvent.class);

    // Then it reads every field it knows and ignores the new one
    assertThat(read).isEqualTo(imageEvent());
  }

  @Test
  void shouldRefuseRecordsOfANewEnumSymbolToAnOldReader() {
    // Given today's LatentVector, then a schema with a new encoding symbol (BACKWARD: accepted)
    String topic = freshTopic();
    serialize(topic, latentVector());
    Schema newer = latentVectorWithInt4();
    int newerId = registry.register(topic + "-value", newer);
    GenericRecord int8 = asGeneric(latentVector(), newer);

    // When today's consumer reads a record written with the newer schema (even one with INT8)
    byte[] frame = frame(newerId, int8, newer);

    // Then it cannot: consumers must be upgraded before producers use the new schema
    assertThatThrownBy(() -> deserialize(topic, frame, LatentVector.class))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot be read as")
        .hasMessageContaining("INT4");
    // while a consumer on the newer schema reads the records written before it
    GenericRecord old = readAs(serialize(topic, latentVector()), newer);
    assertThat(old.get("encoding").toString()).isEqualTo("INT8");
  }

  private static String freshTopic() {
    return "evolution-" + UUID.randomUUID();
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> byte[] serialize(String topic, T record) {
    try (SpecificAvroSerializer<T> serializer =
        new SpecificAvroSerializer<>(registry, (Class<T>) record.getClass(), true)) {
      return serializer.serialize(topic, record);
    }
  }

  private static <T extends SpecificRecord> T deserialize(
      String topic, byte[] frame, Class<T> type) {
    try (SpecificAvroDeserializer<T> deserializer =
        new SpecificAvroDeserializer<>(registry, type)) {
      return deserializer.deserialize(topic, frame);
    }
  }

  /** Reads a frame as a consumer whose schema is {@code reader} would. */
  private static GenericRecord readAs(byte[] frame, Schema reader) {
    Schema writer = registry.getById(WireFormat.schemaId(frame));
    byte[] payload = WireFormat.payload(frame);
    try {
      return new GenericDatumReader<GenericRecord>(writer, reader)
          .read(null, DecoderFactory.get().binaryDecoder(payload, null));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] frame(int id, GenericRecord record, Schema schema) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new GenericDatumWriter<GenericRecord>(schema, WITH_TIMESTAMPS).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return WireFormat.frame(id, out.toByteArray());
  }

  /** The specific record's fields copied into a record of {@code schema} (same field names). */
  private static GenericRecord asGeneric(SpecificRecord record, Schema schema) {
    GenericData.Record out = new GenericData.Record(schema);
    for (Schema.Field field : record.getSchema().getFields()) {
      Object value = record.get(field.pos());
      if (value instanceof Enum<?> symbol) {
        value = new GenericData.EnumSymbol(schema.getField(field.name()).schema(), symbol.name());
      }
      out.put(field.name(), value);
    }
    for (Schema.Field field : schema.getFields()) {
      if (out.get(field.name()) == null && field.hasDefaultValue()) {
        out.put(field.name(), GenericData.get().getDefaultValue(field));
      }
    }
    return out;
  }

  private static Schema imageEventWithExposure() {
    String json = ImageEvent.getClassSchema().toString();
    String extra = "{\"name\": \"exposureMs\", \"type\": \"int\", \"default\": -1}";
    int endOfFields = json.lastIndexOf(']');
    return new Schema.Parser().parse(json.substring(0, endOfFields) + "," + extra + "]}");
  }

  private static Schema latentVectorWithInt4() {
    String json = LatentVector.getClassSchema().toString();
    return new Schema.Parser().parse(json.replace("\"INT8_RANGE\"]", "\"INT8_RANGE\",\"INT4\"]"));
  }

  private static ImageEvent imageEvent() {
    return ImageEvent.newBuilder()
        .setId("img-1")
        .setSource("cam-1")
        .setCapturedAt(Instant.ofEpochMilli(1_700_000_000_000L))
        .setWidth(2)
        .setHeight(2)
        .setPixels(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
        .setLabel("A")
        .build();
  }

  private static LatentVector latentVector() {
    return LatentVector.newBuilder()
        .setId("img-1")
        .setSource("cam-1")
        .setCapturedAt(Instant.ofEpochMilli(1_700_000_000_000L))
        .setModelId("m@1")
        .setWidth(2)
        .setHeight(2)
        .setEncoding(LatentEncoding.INT8)
        .setDims(2)
        .setLatent(ByteBuffer.wrap(new byte[] {5, 6}))
        .setEncodedAt(Instant.ofEpochMilli(1_700_000_000_001L))
        .build();
  }
}
