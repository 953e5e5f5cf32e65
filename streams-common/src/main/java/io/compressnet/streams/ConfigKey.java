package io.compressnet.streams;

import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * One setting of a service, in the spirit of Kafka's {@link ConfigDef}: its property key (as in a
 * properties file), its environment variable (Confluent-image style), its default ({@code null}:
 * none), its type and an optional validator, and one line of documentation. A {@link
 * ServiceConfig.Loader} checks every value against its key when it loads, so a bad setting stops a
 * service at start with the property, the variable and the reason, never in a stream thread.
 *
 * @param property key in a properties file and in {@link ServiceConfig}
 * @param envVar environment variable that sets it
 * @param defaultValue value when neither the file nor the environment sets it, or {@code null}
 * @param description one line for {@code --help} and the README reference
 * @param type how the value parses (Kafka's types; {@code STRING} for free text)
 * @param validator checks the parsed value, or {@code null} for any value of the type
 */
public record ConfigKey(
    String property,
    String envVar,
    String defaultValue,
    String description,
    ConfigDef.Type type,
    ConfigDef.Validator validator) {

  public ConfigKey {
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(envVar, "envVar");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(type, "type");
  }

  /** A free-text key (any string). */
  public ConfigKey(String property, String envVar, String defaultValue, String description) {
    this(property, envVar, defaultValue, description, ConfigDef.Type.STRING, null);
  }

  /** The same key with values of {@code newType}, checked by {@code newValidator} if not null. */
  public ConfigKey typed(ConfigDef.Type newType, ConfigDef.Validator newValidator) {
    return new ConfigKey(property, envVar, defaultValue, description, newType, newValidator);
  }

  /** The same key with another default (e.g. a per-service application id or metrics port). */
  public ConfigKey withDefault(String newDefault) {
    return new ConfigKey(property, envVar, newDefault, description, type, validator);
  }

  /**
   * Parses {@code value} as this key's type and validates it.
   *
   * @throws ConfigException naming the property and its environment variable
   */
  public void check(String value) {
    try {
      Object parsed = ConfigDef.parseType(property, value.trim(), type);
      if (validator != null) {
        validator.ensureValid(property, parsed);
      }
    } catch (ConfigException e) {
      throw new ConfigException(e.getMessage() + " (set by " + property + " or " + envVar + ")");
    }
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
