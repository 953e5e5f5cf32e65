package io.compressnet.streams;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The settings of one CompressNet service, merged as DEVELOPERS.md prescribes: explicit overrides
 * (command-line flags) win, then the optional properties file ({@code --config FILE} or {@code
 * COMPRESSNET_CONFIG_FILE}), then the environment, then the defaults.
 *
 * <p>From the environment, every registered key's variable is read, and any other {@code
 * KAFKA_<NAME>} variable becomes the Kafka property {@code <name>} (lower case, {@code _} → {@code
 * .}; Confluent's {@code __} → {@code _} and {@code ___} → {@code -} escapes are honoured). From
 * the file, every key is taken as is: those that are not CompressNet keys go to the Kafka clients.
 *
 * <p>Immutable. {@link #toString()} masks secrets (passwords, JAAS configs, basic-auth user info,
 * credentials inside URLs), so a config can be logged as is.
 */
public final class ServiceConfig {

  /** Env var naming the properties file when no {@code --config} is given. */
  public static final String CONFIG_FILE_ENV = "COMPRESSNET_CONFIG_FILE";

  public static final ConfigKey BOOTSTRAP_SERVERS =
      new ConfigKey(
              "bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092", "Kafka brokers")
          .typed(ConfigDef.Type.STRING, new ConfigDef.NonEmptyString());
  public static final ConfigKey SCHEMA_REGISTRY_URL =
      new ConfigKey(
              "schema.registry.url",
              "SCHEMA_REGISTRY_URL",
              "http://127.0.0.1:8081",
              "Schema Registry base URL (Confluent API)")
          .typed(ConfigDef.Type.STRING, new ConfigDef.NonEmptyString());
  public static final ConfigKey SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO =
      new ConfigKey(
          "schema.registry.basic.auth.user.info",
          "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO",
          null,
          "user:password for the Schema Registry");
  public static final ConfigKey SCHEMA_REGISTRY_TRUSTSTORE_LOCATION =
      new ConfigKey(
          "schema.registry.ssl.truststore.location",
          "SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION",
          null,
          "trust store for an https:// registry (default: the JVM's trusted certificates)");
  public static final ConfigKey SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD =
      new ConfigKey(
          "schema.registry.ssl.truststore.password",
          "SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD",
          null,
          "password of that trust store");
  public static final ConfigKey SCHEMA_REGISTRY_TRUSTSTORE_TYPE =
      new ConfigKey(
          "schema.registry.ssl.truststore.type",
          "SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE",
          null,
          "PKCS12 (when unset) or JKS");
  public static final ConfigKey AUTO_REGISTER_SCHEMAS =
      new ConfigKey(
              "auto.register.schemas",
              "SCHEMA_REGISTRY_AUTO_REGISTER",
              "true",
              "register output schemas on first use")
          .typed(ConfigDef.Type.BOOLEAN, null);
  public static final ConfigKey SCHEMA_COMPATIBILITY =
      new ConfigKey(
          "compressnet.schema.compatibility",
          "COMPRESSNET_SCHEMA_COMPATIBILITY",
          "BACKWARD",
          "compatibility level set on an output subject the service creates (with"
              + " auto-registration on); INHERIT leaves it on the registry's global level");
  public static final ConfigKey APPLICATION_ID =
      new ConfigKey(
          "application.id", "COMPRESSNET_APPLICATION_ID", null, "Kafka Streams application id");
  public static final ConfigKey PROCESSING_GUARANTEE =
      new ConfigKey(
              "processing.guarantee",
              "COMPRESSNET_PROCESSING_GUARANTEE",
              StreamsConfig.EXACTLY_ONCE_V2,
              "exactly_once_v2 or at_least_once")
          .typed(
              ConfigDef.Type.STRING,
              ConfigDef.ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE));
  public static final ConfigKey NUM_STREAM_THREADS =
      new ConfigKey(
              "num.stream.threads", "COMPRESSNET_NUM_STREAM_THREADS", "1", "Kafka Streams threads")
          .typed(ConfigDef.Type.INT, ConfigDef.Range.atLeast(1));

  /**
   * The stream threads a service starts with and grows back to while saturated with a core idle
   * ({@link StreamThreadScaler}); it shrinks towards {@link #NUM_STREAM_THREADS} while the load
   * fits in fewer.
   */
  public static final ConfigKey MAX_STREAM_THREADS =
      new ConfigKey(
              "compressnet.stream.threads.max",
              "COMPRESSNET_MAX_STREAM_THREADS",
              "0",
              "stream threads a service starts with, removes while the load fits in fewer (down to"
                  + " num.stream.threads) and adds back while saturated with a core idle (0: one per"
                  + " core; at most num.stream.threads: no scaling)")
          .typed(ConfigDef.Type.INT, ConfigDef.Range.atLeast(0));

  public static final ConfigKey METRICS_HOST =
      new ConfigKey(
          "compressnet.metrics.host",
          "COMPRESSNET_METRICS_HOST",
          "127.0.0.1",
          "address the Prometheus endpoint binds to");
  public static final ConfigKey METRICS_PORT =
      new ConfigKey(
              "compressnet.metrics.port",
              "COMPRESSNET_METRICS_PORT",
              null,
              "port of the Prometheus endpoint /metrics (0 disables it)")
          .typed(ConfigDef.Type.INT, ConfigDef.Range.between(0, 65535));
  public static final ConfigKey DLQ_TOPIC =
      new ConfigKey(
          "compressnet.topic.dlq", "COMPRESSNET_TOPIC_DLQ", "images.dlq", "dead-letter topic");

  public static final ConfigKey ROCKSDB_MEMORY_MB =
      new ConfigKey(
              BoundedRocksDbMemory.MEMORY_MB,
              "COMPRESSNET_ROCKSDB_MEMORY_MB",
              BoundedRocksDbMemory.DEFAULT_MB,
              "off-heap MiB all RocksDB state stores of the process share (block cache and"
                  + " memtables); ignored when rocksdb.config.setter is set")
          .typed(ConfigDef.Type.LONG, ConfigDef.Range.atLeast(8));

  /** Keys every service has; services add theirs and override the per-service defaults. */
  public static final List<ConfigKey> COMMON_KEYS =
      List.of(
          BOOTSTRAP_SERVERS,
          SCHEMA_REGISTRY_URL,
          SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO,
          SCHEMA_REGISTRY_TRUSTSTORE_LOCATION,
          SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD,
          SCHEMA_REGISTRY_TRUSTSTORE_TYPE,
          AUTO_REGISTER_SCHEMAS,
          SCHEMA_COMPATIBILITY,
          APPLICATION_ID,
          PROCESSING_GUARANTEE,
          NUM_STREAM_THREADS,
          MAX_STREAM_THREADS,
          METRICS_HOST,
          METRICS_PORT,
          DLQ_TOPIC,
          ROCKSDB_MEMORY_MB);

  static final String HIDDEN = SecretMasking.HIDDEN;

  private final Map<String, String> values;
  private final Map<String, ConfigKey> keys;

  private ServiceConfig(Map<String, String> values, Map<String, ConfigKey> keys) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
  }

  public static Loader loader() {
    return new Loader();
  }

  /** A config of exactly these values (no environment, no file, no defaults); for tests. */
  public static ServiceConfig of(Map<String, String> values) {
    return new ServiceConfig(values, Map.of());
  }

  /** The value of a key, or {@code null} when it is unset and has no default. */
  public String get(String property) {
    return values.get(property);
  }

  public String get(ConfigKey key) {
    return values.get(key.property());
  }

  /** The value of a key that must be set. */
  public String require(ConfigKey key) {
    String value = get(key);
    if (value == null || value.isBlank()) {
      throw new ConfigException(
          key.property() + " (env " + key.envVar() + ") is required but not set");
    }
    return value.trim();
  }

  public int getInt(ConfigKey key) {
    String value = require(key);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ConfigException(key.property(), value, "must be a whole number");
    }
  }

  public long getLong(ConfigKey key) {
    String value = require(key);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigException(key.property(), value, "must be a whole number");
    }
  }

  public float getFloat(ConfigKey key) {
    String value = require(key);
    try {
      float parsed = Float.parseFloat(value);
      if (!Float.isFinite(parsed)) {
        throw new NumberFormatException(value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(key.property(), value, "must be a finite number");
    }
  }

  public boolean getBoolean(ConfigKey key) {
    String value = require(key);
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new ConfigException(key.property(), value, "must be true or false");
  }

  /** Every value, sorted by key (unmodifiable; includes secrets: never log it, log this). */
  public Map<String, String> values() {
    return values;
  }

  /** The registered keys (common ones first). */
  public List<ConfigKey> keys() {
    return List.copyOf(keys.values());
  }

  /** A copy with {@code property} set to {@code value}. */
  public ServiceConfig with(String property, String value) {
    Map<String, String> copy = new TreeMap<>(values);
    if (value == null) {
      copy.remove(property);
    } else {
      copy.put(property, value);
    }
    return new ServiceConfig(copy, keys);
  }

  /**
   * Properties for {@code new KafkaStreams(topology, props)}: everything that is not a CompressNet
   * key. Serdes are set in the topology, so no default serdes are needed. Unless the user chose a
   * {@code rocksdb.config.setter}, the state stores share one memory budget ({@link
   * BoundedRocksDbMemory}). The processing exception handler is enabled for global stores too
   * (Kafka Streams 5.0's default): no CompressNet topology has a global store, so this changes
   * nothing but the warning Kafka Streams 4.x logs for every config that leaves it unset.
   */
  public Properties streamsProperties() {
    Properties props = new Properties();
    values.forEach(
        (key, value) -> {
          if (!ConfigKey.isCompressNetKey(key)) {
            props.put(key, value);
          }
        });
    props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    if (!props.containsKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)) {
      long budget = getLong(ROCKSDB_MEMORY_MB);
      if (budget < 8) {
        throw new ConfigException(ROCKSDB_MEMORY_MB.property(), budget, "must be at least 8");
      }
      props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
      // The setter reads its budget from the Streams config it is given.
      props.put(BoundedRocksDbMemory.MEMORY_MB, Long.toString(budget));
    }
    return props;
  }

  /**
   * Configs for {@code SpecificAvroSerde.fromConfig}: every value (the serde reads the {@code
   * schema.registry.*} and {@code auto.register.schemas} keys and ignores the rest).
   */
  public Map<String, String> serdeConfigs() {
    return values;
  }

  /** The values with secrets masked, one {@code key=value} per line, sorted. */
  public String toMaskedString() {
    StringBuilder out = new StringBuilder();
    masked().forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
    return out.toString();
  }

  /** The values with secrets masked (what may be printed or logged). */
  public Map<String, String> masked() {
    Map<String, String> masked = new TreeMap<>();
    values.forEach((k, v) -> masked.put(k, mask(k, v)));
    return masked;
  }

  /** The value as it may be shown: hidden for secret keys, URL credentials removed otherwise. */
  public static String mask(String property, String value) {
    return SecretMasking.mask(property, value);
  }

  @Override
  public String toString() {
    return "ServiceConfig" + masked();
  }

  /**
   * The Kafka property an environment variable stands for, or {@code null} when it is not a {@code
   * KAFKA_*} client setting.
   */
  static String kafkaPropertyOf(String envVar) {
    return KafkaEnvironment.propertyOf(envVar);
  }

  /** Builds a {@link ServiceConfig}; every source is optional. */
  public static final class Loader {
    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
    private Map<String, String> environment = Map.of();
    private Path configFile;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Loader() {
      COMMON_KEYS.forEach(k -> keys.put(k.property(), k));
    }

    /** Registers service keys; a key with the property of an existing one replaces it. */
    public Loader keys(List<ConfigKey> serviceKeys) {
      serviceKeys.forEach(k -> keys.put(k.property(), k));
      return this;
    }

    /** Changes the default of an already registered key (e.g. application id, metrics port). */
    public Loader defaultValue(ConfigKey key, String value) {
      ConfigKey registered = keys.getOrDefault(key.property(), key);
      keys.put(key.property(), registered.withDefault(value));
      return this;
    }

    /** The environment to read, usually {@code System.getenv()}. */
    public Loader environment(Map<String, String> env) {
      this.environment = Map.copyOf(Objects.requireNonNull(env));
      return this;
    }

    /** The properties file; when {@code null}, {@value #CONFIG_FILE_ENV} names it, if set. */
    public Loader configFile(Path file) {
      this.configFile = file;
      return this;
    }

    /** Values that win over everything (command-line flags); {@code null} values are ignored. */
    public Loader overrides(Map<String, String> values) {
      values.forEach(
          (k, v) -> {
            if (v != null) {
              overrides.put(k, v);
            }
          });
      return this;
    }

    public Loader override(String property, String value) {
      if (value != null) {
        overrides.put(property, value);
      }
      return this;
    }

    public ServiceConfig load() {
      Map<String, String> merged = new TreeMap<>();
      for (ConfigKey key : keys.values()) {
        if (key.defaultValue() != null) {
          merged.put(key.property(), key.defaultValue());
        }
      }
      merged.putAll(ConfigSources.fromEnvironment(environment, keys.values()));
      merged.putAll(ConfigSources.fromFile(configFile, environment));
      merged.putAll(overrides);
      for (ConfigKey key : keys.values()) {
        String value = merged.get(key.property());
        if (value != null && !value.isBlank()) {
          key.check(value);
        }
      }
      return new ServiceConfig(merged, keys);
    }
  }
}
