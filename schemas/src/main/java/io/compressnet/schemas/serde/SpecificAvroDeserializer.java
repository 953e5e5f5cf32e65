package io.compressnet.schemas.serde;

import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaNotFoundException;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format frames into Avro specific records. The writer schema is fetched by id
 * (cached) and resolved against the reader class's schema, so a record written with an older schema
 * reads into the newer class (missing fields take their defaults).
 *
 * <p>The reader class is the one given to the constructor, else {@code specific.avro.value.type} /
 * {@code specific.avro.key.type}, else the class named like the writer schema.
 *
 * <p>A bad frame (unknown magic byte, truncated, unknown schema id, malformed Avro, a writer schema
 * the reader class cannot read) is a {@link SerializationException} saying which. An unreachable
 * registry or refused credentials surface as the registry client's own exceptions, because the
 * record is not at fault and should not be dead-lettered for it.
 */
public final class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
  private SchemaRegistryClient client;
  private boolean ownsClient;
  private Class<T> type;

  /** For Kafka configs: {@link #configure} creates a REST client from them. */
  public SpecificAvroDeserializer() {}

  /** With a client owned by the caller (not closed by {@link #close()}). */
  public SpecificAvroDeserializer(SchemaRegistryClient client, Class<T> type) {
    this.client = Objects.requireNonNull(client, "client");
    this.type = Objects.requireNonNull(type, "type");
  }

  /**
   * Reads the reader class key and, unless a client was given to the constructor, the {@code
   * schema.registry.*} keys.
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (type == null) {
      type = SerdeConfig.readerType(configs, isKey);
    }
    if (client == null) {
      client = new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(configs));
      ownsClient = true;
    }
  }

  /** Package-private: lets the serde share one client it owns between both halves. */
  void useClient(SchemaRegistryClient shared, Class<T> readerType) {
    this.client = shared;
    this.ownsClient = false;
    this.type = readerType;
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null; // tombstone
    }
    if (client == null) {
      throw new IllegalStateException(
          "SpecificAvroDeserializer is not configured: call configure(...) or pass a client");
    }
    int id = WireFormat.schemaId(data, topic);
    DatumReader<T> reader = readerFor(id, topic);
    FrameBoundedDecoder decoder =
        new FrameBoundedDecoder(
            DecoderFactory.get()
                .binaryDecoder(
                    data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null));
    T record;
    try {
      record = reader.read(null, decoder);
    } catch (EOFException e) {
      throw new SerializationException(
          "Truncated Confluent frame: "
              + data.length
              + " bytes, the Avro payload ends early for schema id "
              + id
              + WireFormat.on(topic)
              + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Malformed Avro payload for schema id " + id + WireFormat.on(topic) + ": " + e, e);
    }
    if (!isAtEnd(decoder)) {
      // No writer appends bytes after the record: they mean a wrong schema id or corruption.
      throw new SerializationException(
          "Malformed Confluent frame: bytes left over after the Avro record for schema id "
              + id
              + WireFormat.on(topic));
    }
    return record;
  }

  @Override
  public void close() {
    if (ownsClient && client != null) {
      client.close();
    }
  }

  private DatumReader<T> readerFor(int id, String topic) {
    DatumReader<T> cached = readers.get(id);
    if (cached != null) {
      return cached;
    }
    Schema writer;
    try {
      writer = client.getById(id);
    } catch (SchemaNotFoundException e) {
      throw new SerializationException(
          "Unknown schema id " + id + WireFormat.on(topic) + ": " + e.getMessage(), e);
    }
    Class<T> readerType = type != null ? type : classNamedLike(writer, id, topic);
    SpecificData model = SpecificData.getForClass(readerType);
    Schema readerSchema = model.getSchema(readerType);
    SchemaCompatibility.SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new SerializationException(
          "Schema id "
              + id
              + " ("
              + writer.getFullName()
              + ")"
              + WireFormat.on(topic)
              + " cannot be read as "
              + readerType.getName()
              + ": "
              + compatibility.getDescription());
    }
    DatumReader<T> reader = new SpecificDatumReader<>(writer, readerSchema, model);
    readers.put(id, reader);
    return reader;
  }

  @SuppressWarnings("unchecked")
  private Class<T> classNamedLike(Schema writer, int id, String topic) {
    try {
      Class<?> found = Class.forName(writer.getFullName(), true, SerdeConfig.classLoader());
      if (SpecificRecord.class.isAssignableFrom(found)) {
        return (Class<T>) found;
      }
    } catch (ClassNotFoundException e) {
      // fall through to the error below
    }
    throw new SerializationException(
        "No specific class "
            + writer.getFullName()
            + " for schema id "
            + id
            + WireFormat.on(topic)
            + "; set "
            + SerdeConfig.SPECIFIC_AVRO_VALUE_TYPE
            + " or pass the class");
  }

  private static boolean isAtEnd(FrameBoundedDecoder decoder) {
    try {
      return decoder.isEnd();
    } catch (IOException e) {
      return false;
    }
  }
}
