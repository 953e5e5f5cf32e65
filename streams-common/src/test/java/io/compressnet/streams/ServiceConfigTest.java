package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ServiceConfigTest {

  private static final ConfigKey BATCH =
      new ConfigKey("compressnet.batch.size", "COMPRESSNET_BATCH_SIZE", "64", "batch");

  @Test
  void shouldApplyDefaultsWhenNothingIsSet() {
    // When
    ServiceConfig config =
        ServiceConfig.loader()
            .keys(List.of(BATCH))
            .defaultValue(ServiceConfig.APPLICATION_ID, "compressnet-encoder")
            .defaultValue(ServiceConfig.METRICS_PORT, "9401")
            .load();

    // Then
    assertThat(config.values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("bootstrap.servers", "127.0.0.1:9092"),
                Map.entry("schema.registry.url", "http://127.0.0.1:8081"),
                Map.entry("auto.register.schemas", "true"),
                Map.entry("compressnet.schema.compatibility", "BACKWARD"),
                Map.entry("application.id", "compressnet-encoder"),
                Map.entry("processing.guarantee", "exactly_once_v2"),
                Map.entry("num.stream.threads", "1"),
                Map.entry("compressnet.stream.threads.max", "0"),
                Map.entry("compressnet.metrics.host", "127.0.0.1"),
                Map.entry("compressnet.metrics.port", "9401"),
                Map.entry("compressnet.topic.dlq", "images.dlq"),
                Map.entry("compressnet.rocksdb.memory.mb", "64"),
                Map.entry("compressnet.batch.size", "64")));
  }

  @Test
  void shouldLetFileWinOverEnvironmentAndOverridesWinOverFile(@TempDir Path dir) throws Exception {
    // Given
    Path file = dir.resolve("encoder.properties");
    Files.writeString(
        file,
        "compressnet.batch.size=32\nbootstrap.servers=file:9092\nlinger.ms=7\n"
            + "processing.guarantee=at_least_once\n");
    Map<String, String> env =
        Map.of(
            "COMPRESSNET_BATCH_SIZE", "16",
            "KAFKA_BOOTSTRAP_SERVERS", "env:9092",
            "COMPRESSNET_PROCESSING_GUARANTEE", "exactly_once_v2",
            "SCHEMA_REGISTRY_URL", "http://env:8081");

    // When
    ServiceConfig config =
        ServiceConfig.loader()
            .keys(List.of(BATCH))
            .environment(env)
            .configFile(file)
            .override("processing.guarantee", "exactly_once_v2")
            .load();

    // Then
    assertThat(config.getInt(BATCH)).isEqualTo(32);
    assertThat(config.get(ServiceConfig.BOOTSTRAP_SERVERS)).isEqualTo("file:9092");
    assertThat(config.get("linger.ms")).isEqualTo("7");
    assertThat(config.get(ServiceConfig.SCHEMA_REGISTRY_URL)).isEqualTo("http://env:8081");
    assertThat(config.get(ServiceConfig.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
  }

  @Test
  void shouldReadConfigFileNamedByEnvironment(@TempDir Path dir) throws Exception {
    // Given
    Path file = dir.resolve("c.properties");
    Files.writeString(file, "compressnet.batch.size=8\n");

    // When
    ServiceConfig config =
        ServiceConfig.loader()
            .keys(List.of(BATCH))
            .environment(Map.of("COMPRESSNET_CONFIG_FILE", file.toString()))
            .load();

    // Then
    assertThat(config.getInt(BATCH)).isEqualTo(8);
  }

  @Test
  void shouldRefuseMissingConfigFile(@TempDir Path dir) {
    assertThatThrownBy(() -> ServiceConfig.loader().configFile(dir.resolve("nope")).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void shouldPassKafkaEnvironmentVariablesThroughLowerCasedWithDots() {
    // Given
    Map<String, String> env =
        Map.of(
            "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "KAFKA_SASL_JAAS_CONFIG", "x required password=\"p\";",
            "KAFKA_CONFLUENT__WEIRD___NAME", "1",
            "KAFKA_HEAP_OPTS", "-Xmx1g",
            "PATH", "/usr/bin");

    // When
    ServiceConfig config = ServiceConfig.loader().environment(env).load();

    // Then
    Properties streams = config.streamsProperties();
    assertThat(streams)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", "x required password=\"p\";")
        .containsEntry("confluent_weird-name", "1")
        .doesNotContainKey("heap.opts")
        .doesNotContainKey("path");
  }

  @Test
  void shouldKeepCompressNetAndRegistryKeysOutOfStreamsProperties() {
    // Given
    ServiceConfig config =
        ServiceConfig.loader()
            .keys(List.of(BATCH))
            .defaultValue(ServiceConfig.APPLICATION_ID, "app")
            .override("schema.registry.basic.auth.user.info", "u:p")
            .load();

    // When
    Properties streams = config.streamsProperties();

    // Then
    assertThat(streams.stringPropertyNames())
        .containsExactlyInAnyOrder(
            "bootstrap.servers",
            "application.id",
            "processing.guarantee",
            "num.stream.threads",
            // Kafka Streams 5.0's default, set so 4.x does not warn about it
            "processing.exception.handler.global.enabled",
            // the two settings of the shared RocksDB memory budget
            "compressnet.rocksdb.memory.mb");
    assertThat(streams.get("rocksdb.config.setter")).isEqualTo(BoundedRocksDbMemory.class);
    assertThat(config.serdeConfigs())
        .containsEntry("schema.registry.url", "http://127.0.0.1:8081")
        .containsEntry("schema.registry.basic.auth.user.info", "u:p");
  }

  @Test
  void shouldBoundRocksDbMemoryWithTheConfiguredBudget() {
    // Given
    ServiceConfig config =
        ServiceConfig.loader().override("compressnet.rocksdb.memory.mb", "128").load();

    // When
    Properties streams = config.streamsProperties();

    // Then
    assertThat(streams)
        .containsEntry("rocksdb.config.setter", BoundedRocksDbMemory.class)
        .containsEntry("compressnet.rocksdb.memory.mb", "128");
  }

  @Test
  void shouldLeaveAUsersRocksDbConfigSetterAlone() {
    // Given
    ServiceConfig config =
        ServiceConfig.loader().override("rocksdb.config.setter", "com.example.MySetter").load();

    // When
    Properties streams = config.streamsProperties();

    // Then
    assertThat(streams)
        .containsEntry("rocksdb.config.setter", "com.example.MySetter")
        .doesNotContainKey("compressnet.rocksdb.memory.mb");
  }

  @Test
  void shouldRefuseARocksDbBudgetBelowEightMib() {
    // Given
    ServiceConfig.Loader loader =
        ServiceConfig.loader().override("compressnet.rocksdb.memory.mb", "4");
    ServiceConfig unchecked = ServiceConfig.of(Map.of("compressnet.rocksdb.memory.mb", "4"));

    // When / Then: refused when loaded, and by the Streams properties of an unchecked config
    assertThatThrownBy(loader::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("compressnet.rocksdb.memory.mb");
    assertThatThrownBy(unchecked::streamsProperties)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("compressnet.rocksdb.memory.mb");
  }

  @Test
  void shouldMaskSecretsWhenPrinted() {
    // Given
    ServiceConfig config =
        ServiceConfig.of(
            Map.of(
                "sasl.jaas.config", "org.Plain required username=\"a\" password=\"secret1\";",
                "ssl.truststore.password", "secret2",
                "schema.registry.basic.auth.user.info", "bob:secret3",
                "schema.registry.url", "http://alice:secret4@registry:8081",
                "bootstrap.servers", "b:9092"));

    // When
    String printed = config.toMaskedString() + config;

    // Then
    assertThat(printed).doesNotContain("secret1", "secret2", "secret3", "secret4");
    assertThat(config.masked())
        .containsEntry("sasl.jaas.config", "[hidden]")
        .containsEntry("ssl.truststore.password", "[hidden]")
        .containsEntry("schema.registry.basic.auth.user.info", "[hidden]")
        .containsEntry("schema.registry.url", "http://[hidden]@registry:8081")
        .containsEntry("bootstrap.servers", "b:9092");
  }

  @Test
  void shouldNameTheKeyWhenANumberIsMalformed() {
    ServiceConfig config = ServiceConfig.of(Map.of("compressnet.batch.size", "many"));
    assertThatThrownBy(() -> config.getInt(BATCH))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("compressnet.batch.size");
  }

  @Test
  void shouldGiveKafkaStreamsAConfigItDoesNotWarnAbout() {
    // Given the streams properties of a service's defaults
    Properties props =
        ServiceConfig.loader()
            .defaultValue(ServiceConfig.APPLICATION_ID, "app")
            .load()
            .streamsProperties();
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger streamsConfigLog = (Logger) LoggerFactory.getLogger(StreamsConfig.class);
    streamsConfigLog.addAppender(log);

    // When Kafka Streams reads them
    try {
      new StreamsConfig(props);
    } finally {
      streamsConfigLog.detachAppender(log);
    }

    // Then it logs no warning (4.x warns about the global-thread processing handler when unset)
    assertThat(log.list)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(ILoggingEvent::getFormattedMessage)
        .isEmpty();
  }

  @Test
  void shouldRefuseANonNumericSettingWhenLoadingNamingItsPropertyAndVariable() {
    // Given a typed key set to text
    ServiceConfig.Loader loader =
        ServiceConfig.loader()
            .keys(List.of(InferenceServiceKeys.BATCH_SIZE))
            .environment(Map.of("COMPRESSNET_BATCH_SIZE", "sixty-four"));

    // When / Then the load fails, before any service starts
    assertThatThrownBy(loader::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("compressnet.batch.size")
        .hasMessageContaining("sixty-four")
        .hasMessageContaining("COMPRESSNET_BATCH_SIZE");
  }

  @Test
  void shouldRefuseAValueOutsideItsKeysRange() {
    // Given a port beyond 65535 and a stream-thread count of zero
    ServiceConfig.Loader badPort =
        ServiceConfig.loader().override("compressnet.metrics.port", "70000");
    ServiceConfig.Loader noThreads = ServiceConfig.loader().override("num.stream.threads", "0");

    // When / Then
    assertThatThrownBy(badPort::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("compressnet.metrics.port")
        .hasMessageContaining("70000");
    assertThatThrownBy(noThreads::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("num.stream.threads")
        .hasMessageContaining("at least 1");
  }

  @Test
  void shouldLoadWellFormedTypedValues() {
    // Given typed values in range
    ServiceConfig config =
        ServiceConfig.loader()
            .keys(List.of(InferenceServiceKeys.BATCH_SIZE))
            .override("compressnet.batch.size", " 32 ")
            .override("auto.register.schemas", "FALSE")
            .load();

    // Then they read back typed
    assertThat(config.getInt(InferenceServiceKeys.BATCH_SIZE)).isEqualTo(32);
    assertThat(config.getBoolean(ServiceConfig.AUTO_REGISTER_SCHEMAS)).isFalse();
  }
}
