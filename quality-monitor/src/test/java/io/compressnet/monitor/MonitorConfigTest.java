package io.compressnet.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
        .hasMessageContaining(MonitorConfig.WINDOW_ADVANCE_MS);
    assertThatThrownBy(() -> c.with(MonitorConfig.COUNT_WINDOW_EMIT_EVERY, 7))
        .hasMessageContaining("divide");
    assertThatThrownBy(() -> c.with(MonitorConfig.SAMPLE_RATE, 1.5)).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> c.with(MonitorConfig.JOIN_WINDOW_MS, "soon"))
        .hasMessageContaining("must be an integer");
    assertThatThrownBy(() -> c.with(MonitorConfig.DASHBOARD_PORT, 70000))
        .hasMessageContaining(MonitorConfig.DASHBOARD_PORT);
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
