package io.compressnet.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorConfigTest {

  @Test
  void shouldUseDocumentedDefaults() {
    MonitorConfig c = MonitorConfig.defaultConfig();
    assertThat(c.joinWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.joinGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.windowSize()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.windowAdvance()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.countWindowImages()).isEqualTo(500);
    assertThat(c.countWindowEmitEvery()).isEqualTo(50);
    assertThat(c.sampleRate()).isEqualTo(1.0);
    assertThat(c.alertSsimMin()).isEqualTo(0.95);
    assertThat(c.alertPsnrMin()).isEqualTo(22.0);
    assertThat(c.alertMissingMaxRatio()).isEqualTo(0.01);
    assertThat(c.dashboardHost()).isEqualTo("127.0.0.1");
    assertThat(c.dashboardPort()).isEqualTo(8088);
    assertThat(c.applicationId()).isEqualTo("compressnet-quality-monitor");
    assertThat(c.get(MonitorConfig.BOOTSTRAP_SERVERS)).isEqualTo("127.0.0.1:9092");
  }

  @Test
  void shouldLetFileWinOverEnvironmentAndFlagsWinOverFile(@TempDir Path dir) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("COMPRESSNET_DASHBOARD_PORT", "9001");
    env.put("COMPRESSNET_MONITOR_SAMPLE_RATE", "0.25");
    env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
    env.put("SCHEMA_REGISTRY_URL", "http://env:8081");
    Path file = dir.resolve("monitor.properties");
    Files.writeString(file, "compressnet.dashboard.port=9002\nmax.poll.records=77\n");

    MonitorConfig fromEnvAndFile = MonitorConfig.load(env, file);
    assertThat(fromEnvAndFile.dashboardPort()).isEqualTo(9002);
    assertThat(fromEnvAndFile.sampleRate()).isEqualTo(0.25);
    assertThat(fromEnvAndFile.get(MonitorConfig.REGISTRY_URL)).isEqualTo("http://env:8081");
    assertThat(fromEnvAndFile.streamsProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("max.poll.records", "77")
        .containsEntry("application.id", "compressnet-quality-monitor")
        .doesNotContainKeys("compressnet.dashboard.port", "schema.registry.url");

    MonitorConfig withFlags =
        MonitorConfig.load(env, file, Map.of("compressnet.dashboard.port", "9003"));
    assertThat(withFlags.dashboardPort()).isEqualTo(9003);
  }

  @Test
  void shouldRejectInconsistentSettingsWithTheKeyInTheMessage() {
    MonitorConfig c = MonitorConfig.defaultConfig();
    assertThatThrownBy(() -> c.with(MonitorConfig.WINDOW_ADVANCE_MS, 120_000))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MonitorConfig.WINDOW_ADVANCE_MS)
        .hasMessageContaining(MonitorConfig.WINDOW_SIZE_MS);
    assertThatThrownBy(() -> c.with(MonitorConfig.COUNT_WINDOW_EMIT_EVERY, 7))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("divide");
    assertThatThrownBy(() -> c.with(MonitorConfig.SAMPLE_RATE, 1.5))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> c.with(MonitorConfig.JOIN_WINDOW_MS, "soon"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Not a number of type LONG");
    assertThatThrownBy(() -> c.with(MonitorConfig.DASHBOARD_PORT, 70000))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MonitorConfig.DASHBOARD_PORT);
  }

  @Test
  void shouldRefuseANonNumericSampleRateWithAConfigError() {
    // Given a sample rate in the environment that is not a number
    Map<String, String> env = Map.of("COMPRESSNET_MONITOR_SAMPLE_RATE", "often");

    // When the config is loaded, then Kafka's config error names the property, the value and why
    assertThatThrownBy(() -> MonitorConfig.load(env, null))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid value often for configuration compressnet.monitor.sample.rate:"
                + " Not a number of type DOUBLE"
                + " (set by compressnet.monitor.sample.rate or COMPRESSNET_MONITOR_SAMPLE_RATE)");
  }

  @Test
  void shouldRefuseAnOutOfRangeValueNamingTheValueItWasGiven() {
    // Given a join window of zero and a negative grace
    MonitorConfig c = MonitorConfig.defaultConfig();

    // When either is set, then the error says which value broke which rule
    assertThatThrownBy(() -> c.with(MonitorConfig.JOIN_WINDOW_MS, 0))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid value 0 for configuration compressnet.monitor.join.window.ms:"
                + " Value must be at least 1"
                + " (set by compressnet.monitor.join.window.ms or COMPRESSNET_MONITOR_JOIN_WINDOW_MS)");
    assertThatThrownBy(() -> c.with(MonitorConfig.JOIN_GRACE_MS, -5))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("-5")
        .hasMessageContaining("must be at least 0");
  }

  @Test
  void shouldRefuseADashboardSwitchThatIsNeitherTrueNorFalse() {
    // Given "yes", which Boolean.parseBoolean would silently read as false
    MonitorConfig c = MonitorConfig.defaultConfig();

    // When it is set, then it is refused rather than turning the dashboard off
    assertThatThrownBy(() -> c.with(MonitorConfig.DASHBOARD_ENABLED, "yes"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MonitorConfig.DASHBOARD_ENABLED)
        .hasMessageContaining("Expected value to be either true or false");
    // and either spelling of a real boolean is read
    assertThat(c.with(MonitorConfig.DASHBOARD_ENABLED, "FALSE").dashboardEnabled()).isFalse();
  }

  @Test
  void shouldRefuseANotANumberAlertThresholdThatWouldNeverFire() {
    // Given NaN, which compares false with every window's SSIM
    MonitorConfig c = MonitorConfig.defaultConfig();

    // When it is set as the SSIM threshold, then it is refused
    assertThatThrownBy(() -> c.with(MonitorConfig.ALERT_SSIM_MIN, "NaN"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MonitorConfig.ALERT_SSIM_MIN)
        .hasMessageContaining("must be a finite number");
  }

  @Test
  void shouldRefuseEveryOutOfRuleValueWithItsKeyAndVariable() {
    // Given values each key's own rule refuses
    Map<String, String> refused =
        Map.of(
            MonitorConfig.SAMPLE_RATE, "NaN",
            MonitorConfig.ALERT_PSNR_MIN, "1e400",
            MonitorConfig.DASHBOARD_PORT, "-1",
            MonitorConfig.COUNT_WINDOW_IMAGES, "0",
            MonitorConfig.ALERT_MIN_IMAGES, "-1",
            MonitorConfig.DASHBOARD_TLS_KEYSTORE_TYPE, "PKCS11");

    // When each is loaded, then the error names the property and its environment variable
    refused.forEach(
        (property, value) -> {
          String env = property.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
          assertThatThrownBy(() -> MonitorConfig.load(Map.of(env, value), null))
              .as(property)
              .isInstanceOf(ConfigException.class)
              .hasMessageStartingWith("Invalid value ")
              .hasMessageContaining(" for configuration " + property + ": ")
              .hasMessageContaining(env);
        });
  }

  @Test
  void shouldBringTheDefaultBackWhenASettingIsCleared() {
    MonitorConfig c = MonitorConfig.defaultConfig().with(MonitorConfig.DASHBOARD_PORT, 9000);
    assertThat(c.with(MonitorConfig.DASHBOARD_PORT, null).dashboardPort()).isEqualTo(8088);
  }

  @Test
  void shouldRefuseABlankDashboardHost() {
    assertThatThrownBy(() -> MonitorConfig.defaultConfig().with(MonitorConfig.DASHBOARD_HOST, " "))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MonitorConfig.DASHBOARD_HOST)
        .hasMessageContaining("must be set");
  }

  @Test
  void shouldReadEveryValueTypedAndTrimmedAtLoad() {
    // Given values with stray spaces, as environment variables often have
    Map<String, String> env =
        Map.of(
            "COMPRESSNET_MONITOR_JOIN_WINDOW_MS", " 5000 ",
            "COMPRESSNET_MONITOR_SAMPLE_RATE", "0.5 ",
            "COMPRESSNET_DASHBOARD_ENABLED", " true",
            "SCHEMA_REGISTRY_AUTO_REGISTER", "false");

    // When loaded
    MonitorConfig c = MonitorConfig.load(env, null);

    // Then the getters return the typed values
    assertThat(c.joinWindow()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.sampleRate()).isEqualTo(0.5);
    assertThat(c.dashboardEnabled()).isTrue();
    assertThat(c.autoRegister()).isFalse();
    assertThat(c.alertMinImages()).isEqualTo(10);
    assertThat(c.dlqTopic()).isEqualTo("images.dlq");
  }

  @Test
  void shouldMaskCredentialsWhenPrinted() {
    MonitorConfig c =
        MonitorConfig.defaultConfig()
            .with("schema.registry.basic.auth.user.info", "bob:secret-pw")
            .with("sasl.jaas.config", "PlainLoginModule password=\"hunter2\";");
    assertThat(c.toString()).doesNotContain("secret-pw").doesNotContain("hunter2");
  }
}
