package io.compressnet.schemas.serde;

import io.compressnet.schemas.registry.RegistryClientConfig;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/**
 * Config keys of the serde, Confluent-compatible names; registry keys are in {@link
 * RegistryClientConfig}.
 */
public final class SerdeConfig {
  /** Register the writer schema on first use ({@code true}, default) or only look it up. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** Class (or class name) records of a value are read into; default: the writer schema's name. */
  public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

  /** Class (or class name) records of a key are read into; default: the writer schema's name. */
  public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";

  private SerdeConfig() {}

  static boolean autoRegister(Map<String, ?> configs, boolean fallback) {
    Object value = configs.get(AUTO_REGISTER_SCHEMAS);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    String text = value.toString().trim();
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new ConfigException(AUTO_REGISTER_SCHEMAS, value, "must be true or false");
  }

  /** The configured reader class, or {@code null} when none is configured. */
  @SuppressWarnings("unchecked")
  static <T extends SpecificRecord> Class<T> readerType(Map<String, ?> configs, boolean isKey) {
    String key = isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE;
    Object value = configs.get(key);
    if (value == null || value.toString().isBlank()) {
      return null;
    }
    Class<?> type;
    if (value instanceof Class<?> given) {
      type = given;
    } else {
      try {
        type = Class.forName(value.toString().trim(), true, classLoader());
      } catch (ClassNotFoundException e) {
        throw new ConfigException(key, value, "class not found");
      }
    }
    if (!SpecificRecord.class.isAssignableFrom(type)) {
      throw new ConfigException(key, value, "not an Avro SpecificRecord class");
    }
    return (Class<T>) type;
  }

  static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : SerdeConfig.class.getClassLoader();
  }
}
