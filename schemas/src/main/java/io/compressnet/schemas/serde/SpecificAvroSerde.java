package io.compressnet.schemas.serde;

import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer} as one Kafka {@link Serde}.
 *
 * <p>Two ways to build one: with a client, a record class and the auto-register flag (a value
 * serde, usable at once; call {@code configure(Map.of(), true)} to make it a key serde), or with
 * the no-arg constructor followed by {@link #configure} with Kafka-style configs ({@code
 * schema.registry.url}, {@code schema.registry.basic.auth.user.info}, {@code
 * auto.register.schemas}, {@code specific.avro.value.type}). In the second case the serde creates
 * one REST client, shares it between both halves and closes it in {@link #close()}.
 */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final SpecificAvroSerializer<T> serializer;
  private final SpecificAvroDeserializer<T> deserializer;
  private final boolean clientGiven;
  private Class<T> type;
  private boolean autoRegister;
  private SchemaRegistryClient ownedClient;

  /** For Kafka configs; {@link #configure} must be called before use. */
  public SpecificAvroSerde() {
    this.serializer = new SpecificAvroSerializer<>();
    this.deserializer = new SpecificAvroDeserializer<>();
    this.clientGiven = false;
    this.autoRegister = true;
  }

  /** With a client owned by the caller (not closed by {@link #close()}); a value serde. */
  public SpecificAvroSerde(SchemaRegistryClient client, Class<T> type, boolean autoRegister) {
    Objects.requireNonNull(client, "client");
    this.type = Objects.requireNonNull(type, "type");
    this.serializer = new SpecificAvroSerializer<>(client, type, autoRegister);
    this.deserializer = new SpecificAvroDeserializer<>(client, type);
    this.clientGiven = true;
    this.autoRegister = autoRegister;
  }

  /**
   * A serde built from Kafka-style configs ({@code schema.registry.*}, {@code
   * auto.register.schemas}) that reads records into {@code type}; it owns its REST client and
   * closes it in {@link #close()}.
   */
  public static <T extends SpecificRecord> SpecificAvroSerde<T> fromConfig(
      Map<String, ?> configs, Class<T> type, boolean isKey) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>();
    serde.type = Objects.requireNonNull(type, "type");
    serde.configure(configs, isKey);
    return serde;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (clientGiven) {
      serializer.configure(configs, isKey);
      deserializer.configure(configs, isKey);
      return;
    }
    if (ownedClient != null) {
      ownedClient.close();
    }
    ownedClient = new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(configs));
    autoRegister = SerdeConfig.autoRegister(configs, autoRegister);
    Class<T> configured = SerdeConfig.readerType(configs, isKey);
    if (configured != null) {
      type = configured;
    }
    serializer.useClient(ownedClient, isKey, autoRegister);
    deserializer.useClient(ownedClient, type);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
    if (ownedClient != null) {
      ownedClient.close();
      ownedClient = null;
    }
  }
}
