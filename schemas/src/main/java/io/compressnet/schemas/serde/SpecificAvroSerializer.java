package io.compressnet.schemas.serde;

import io.compressnet.schemas.registry.IncompatibleSchemaException;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaNotFoundException;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in Confluent's wire format under the TopicNameStrategy subject
 * ({@code <topic>-value}, or {@code <topic>-key} when configured as a key serializer).
 *
 * <p>With auto-register on, the record's schema is registered on first use; otherwise its id is
 * looked up and a schema missing from the registry fails with a clear {@link
 * SerializationException}. Either way the id is cached per subject and schema, so the registry is
 * asked once. A schema the registry refuses as incompatible is a {@link SerializationException}; an
 * unreachable registry or refused credentials surface as the registry client's own exceptions (not
 * {@code SerializationException}), because they are not the record's fault.
 */
public final class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

  /** One buffer per calling thread: a serde instance may serve several stream threads. */
  private final ThreadLocal<WriteBuffer> buffers = ThreadLocal.withInitial(WriteBuffer::new);

  private SchemaRegistryClient client;
  private boolean ownsClient;
  private boolean autoRegister = true;
  private boolean isKey;

  private record SubjectSchema(String subject, Schema schema) {}

  /** For Kafka configs: {@link #configure} creates a REST client from them. */
  public SpecificAvroSerializer() {}

  /**
   * With a client owned by the caller (not closed by {@link #close()}).
   *
   * @param type the record class; documents intent, the schema is taken from each record
   */
  public SpecificAvroSerializer(SchemaRegistryClient client, Class<T> type, boolean autoRegister) {
    this.client = java.util.Objects.requireNonNull(client, "client");
    java.util.Objects.requireNonNull(type, "type");
    this.autoRegister = autoRegister;
  }

  /**
   * Reads {@code auto.register.schemas} and, unless a client was given to the constructor, the
   * {@code schema.registry.*} keys.
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    this.autoRegister = SerdeConfig.autoRegister(configs, autoRegister);
    if (client == null) {
      client = new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(configs));
      ownsClient = true;
    }
  }

  /** Package-private: lets the serde share one client it owns between both halves. */
  void useClient(SchemaRegistryClient shared, boolean isKey, boolean autoRegister) {
    this.client = shared;
    this.ownsClient = false;
    this.isKey = isKey;
    this.autoRegister = autoRegister;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null; // tombstone
    }
    if (client == null) {
      throw new IllegalStateException(
          "SpecificAvroSerializer is not configured: call configure(...) or pass a client");
    }
    Schema schema = data.getSchema();
    String subject = topic + (isKey ? "-key" : "-value");
    int id = schemaId(subject, schema);
    WriteBuffer out = buffers.get();
    BinaryEncoder encoder = out.reset();
    out.write(WireFormat.MAGIC_BYTE);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
    try {
      writerFor(schema, data).write(data, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot write " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(),
          e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    if (ownsClient && client != null) {
      client.close();
    }
  }

  private int schemaId(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = ids.get(key);
    if (cached != null) {
      return cached;
    }
    int id;
    try {
      id = autoRegister ? client.register(subject, schema) : client.lookupId(subject, schema);
    } catch (SchemaNotFoundException e) {
      throw new SerializationException(
          "Schema "
              + schema.getFullName()
              + " is not registered under subject "
              + subject
              + " and auto.register.schemas is false; register it first ("
              + e.getMessage()
              + ")",
          e);
    } catch (IncompatibleSchemaException e) {
      throw new SerializationException(
          "Registry refused schema "
              + schema.getFullName()
              + " under subject "
              + subject
              + ": "
              + e.getMessage(),
          e);
    }
    ids.put(key, id);
    return id;
  }

  private DatumWriter<Object> writerFor(Schema schema, T data) {
    return writers.computeIfAbsent(
        schema,
        s ->
            // The class's own SpecificData carries its logical-type conversions (Instant).
            new SpecificDatumWriter<>(s, SpecificData.getForClass(data.getClass())));
  }
}
