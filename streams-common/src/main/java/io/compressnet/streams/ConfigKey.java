package io.compressnet.streams;

import java.util.Objects;

/**
 * One setting of a service: its property key (as in a properties file), its environment variable
 * (Confluent-image style) and its default ({@code null}: none).
 *
 * @param property key in a properties file and in {@link ServiceConfig}
 * @param envVar environment variable that sets it
 * @param defaultValue value when neither the file nor the environment sets it, or {@code null}
 * @param description one line for {@code --help} and the README reference
 */
public record ConfigKey(String property, String envVar, String defaultValue, String description) {

  public ConfigKey {
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(envVar, "envVar");
    Objects.requireNonNull(description, "description");
  }

  /** The same key with another default (e.g. a per-service application id or metrics port). */
  public ConfigKey withDefault(String newDefault) {
    return new ConfigKey(property, envVar, newDefault, description);
  }

  /**
   * Whether this key belongs to CompressNet itself rather than to the Kafka clients: {@code
   * compressnet.*} keys and the Schema Registry / serde keys are not passed to Kafka Streams.
   */
  public static boolean isCompressNetKey(String property) {
    return property.startsWith("compressnet.")
        || property.startsWith("schema.registry.")
        || property.equals("auto.register.schemas")
        || property.startsWith("basic.auth.")
        || property.startsWith("specific.avro.");
  }
}
