package io.compressnet.monitor;

import io.compressnet.monitor.dashboard.DashboardSecurity;
import io.compressnet.streams.ConfigKey;
import io.compressnet.streams.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the quality monitor, loaded with streams-common's {@link ServiceConfig} so they
 * follow DEVELOPERS.md like every service: command-line overrides, then the properties file ({@code
 * --config FILE} or {@code COMPRESSNET_CONFIG_FILE}), then the environment, then the defaults;
 * {@code KAFKA_*} variables and unknown file keys pass through to Kafka Streams. The monitor's own
 * keys and their environment variables are listed in {@link #KEYS}.
 *
 * <p>Every value is checked once, when the config is loaded: the shared loader checks each against
 * its key's type and rule ({@link MonitorKeys}), then the rules across keys are checked here, and
 * the typed values go into the fields the getters return. A bad value stops the start with Kafka's
 * {@link ConfigException} naming the property, the value and the rule, before any connection is
 * made. Immutable; {@link #with} returns a checked copy.
 */
public final class MonitorConfig {

  public static final String BOOTSTRAP_SERVERS = ServiceConfig.BOOTSTRAP_SERVERS.property();
  public static final String REGISTRY_URL = ServiceConfig.SCHEMA_REGISTRY_URL.property();
  public static final String AUTO_REGISTER = ServiceConfig.AUTO_REGISTER_SCHEMAS.property();
  public static final String APPLICATION_ID = ServiceConfig.APPLICATION_ID.property();
  public static final String JOIN_WINDOW_MS = "compressnet.monitor.join.window.ms";
  public static final String JOIN_GRACE_MS = "compressnet.monitor.join.grace.ms";
  public static final String WINDOW_SIZE_MS = "compressnet.monitor.window.size.ms";
  public static final String WINDOW_ADVANCE_MS = "compressnet.monitor.window.advance.ms";
  public static final String WINDOW_GRACE_MS = "compressnet.monitor.window.grace.ms";
  public static final String COUNT_WINDOW_IMAGES = "compressnet.monitor.count.window.images";
  public static final String COUNT_WINDOW_EMIT_EVERY =
      "compressnet.monitor.count.window.emit.every";
  public static final String SAMPLE_RATE = "compressnet.monitor.sample.rate";
  public static final String ALERT_SSIM_MIN = "compressnet.monitor.alert.ssim.min";
  public static final String ALERT_PSNR_MIN = "compressnet.monitor.alert.psnr.min";
  public static final String ALERT_MISSING_MAX = "compressnet.monitor.alert.missing.max.ratio";
  public static final String ALERT_MIN_IMAGES = "compressnet.monitor.alert.min.images";
  public static final String DASHBOARD_ENABLED = "compressnet.dashboard.enabled";
  public static final String DASHBOARD_HOST = "compressnet.dashboard.host";
  public static final String DASHBOARD_PORT = "compressnet.dashboard.port";
  public static final String DASHBOARD_AUTH_USER = "compressnet.dashboard.auth.user";
  public static final String DASHBOARD_AUTH_PASSWORD = "compressnet.dashboard.auth.password";
  public static final String DASHBOARD_TLS_KEYSTORE = "compressnet.dashboard.tls.keystore";
  public static final String DASHBOARD_TLS_KEYSTORE_PASSWORD =
      "compressnet.dashboard.tls.keystore.password";
  public static final String DASHBOARD_TLS_KEYSTORE_TYPE =
      "compressnet.dashboard.tls.keystore.type";

  /**
   * The monitor's own keys (besides streams-common's common ones), each with its type, default and
   * rule (see {@link MonitorKeys}).
   */
  public static final List<ConfigKey> KEYS = MonitorKeys.ALL;

  public static final String DEFAULT_APPLICATION_ID = "compressnet-quality-monitor";

  private final ServiceConfig config;
  private final String applicationId;
  private final String dlqTopic;
  private final boolean autoRegister;
  private final Duration joinWindow;
  private final Duration joinGrace;
  private final Duration windowSize;
  private final Duration windowAdvance;
  private final Duration windowGrace;
  private final int countWindowImages;
  private final int countWindowEmitEvery;
  private final double sampleRate;
  private final double alertSsimMin;
  private final double alertPsnrMin;
  private final double alertMissingMaxRatio;
  private final long alertMinImages;
  private final boolean dashboardEnabled;
  private final String dashboardHost;
  private final int dashboardPort;
  private final DashboardSecurity dashboardSecurity;

  /** Reads the typed values out of a config {@link #loader} has checked key by key. */
  private MonitorConfig(ServiceConfig config) {
    this.config = config;
    applicationId = MonitorKeys.required(config, ServiceConfig.APPLICATION_ID);
    dlqTopic = MonitorKeys.required(config, ServiceConfig.DLQ_TOPIC);
    autoRegister = value(ServiceConfig.AUTO_REGISTER_SCHEMAS, Boolean.class);
    joinWindow = millis(MonitorKeys.JOIN_WINDOW);
    joinGrace = millis(MonitorKeys.JOIN_GRACE);
    windowSize = millis(MonitorKeys.WINDOW_SIZE);
    windowAdvance = millis(MonitorKeys.WINDOW_ADVANCE);
    windowGrace = millis(MonitorKeys.WINDOW_GRACE);
    if (windowAdvance.compareTo(windowSize) > 0) {
      throw new ConfigException(
          WINDOW_ADVANCE_MS,
          config.get(WINDOW_ADVANCE_MS),
          "must not exceed "
              + WINDOW_SIZE_MS
              + " ("
              + windowSize.toMillis()
              + "): the gaps between windows would lose images");
    }
    countWindowImages = value(MonitorKeys.COUNT_IMAGES, Integer.class);
    countWindowEmitEvery = value(MonitorKeys.COUNT_EMIT_EVERY, Integer.class);
    if (countWindowImages % countWindowEmitEvery != 0) {
      // The view is a ring of N / every blocks: a remainder would make it cover more or fewer
      // than N images.
      throw new ConfigException(
          COUNT_WINDOW_EMIT_EVERY,
          config.get(COUNT_WINDOW_EMIT_EVERY),
          "must divide " + COUNT_WINDOW_IMAGES + " (" + countWindowImages + ")");
    }
    sampleRate = value(MonitorKeys.SAMPLE, Double.class);
    alertSsimMin = value(MonitorKeys.SSIM_MIN, Double.class);
    alertPsnrMin = value(MonitorKeys.PSNR_MIN, Double.class);
    alertMissingMaxRatio = value(MonitorKeys.MISSING_MAX, Double.class);
    alertMinImages = value(MonitorKeys.MIN_IMAGES, Long.class);
    dashboardEnabled = value(MonitorKeys.ENABLED, Boolean.class);
    dashboardHost = MonitorKeys.required(config, MonitorKeys.HOST);
    dashboardPort = value(MonitorKeys.PORT, Integer.class);
    dashboardSecurity = DashboardSecuritySettings.read(config);
  }

  private <T> T value(ConfigKey key, Class<T> type) {
    return MonitorKeys.value(config, key, type);
  }

  private Duration millis(ConfigKey key) {
    return Duration.ofMillis(value(key, Long.class));
  }

  private static ServiceConfig.Loader loader() {
    return ServiceConfig.loader()
        .keys(KEYS)
        .defaultValue(ServiceConfig.APPLICATION_ID, DEFAULT_APPLICATION_ID);
  }

  /** Defaults only (no environment, no file). */
  public static MonitorConfig defaultConfig() {
    return new MonitorConfig(loader().environment(Map.of()).load());
  }

  /** Environment, then the file ({@code null}: COMPRESSNET_CONFIG_FILE, if set). */
  public static MonitorConfig load(Map<String, String> env, Path configFile) {
    return load(env, configFile, Map.of());
  }

  /**
   * Overrides (command-line flags; null values ignored) over file over environment.
   *
   * @throws ConfigException for a value that is malformed, out of range or inconsistent
   */
  public static MonitorConfig load(
      Map<String, String> env, Path configFile, Map<String, String> overrides) {
    return new MonitorConfig(
        loader().environment(env).configFile(configFile).overrides(overrides).load());
  }

  /**
   * A copy with one setting changed ({@code null}: back to its default), checked like a loaded one:
   * the loader checks every value again, as overrides.
   */
  public MonitorConfig with(String key, Object value) {
    Map<String, String> values = new HashMap<>(config.values());
    if (value == null) {
      values.remove(key);
    } else {
      values.put(key, String.valueOf(value));
    }
    return new MonitorConfig(loader().overrides(values).load());
  }

  /** The value of any setting as loaded (a string; {@code null} when unset). */
  public String get(String key) {
    return config.get(key);
  }

  /** The underlying streams-common config. */
  public ServiceConfig serviceConfig() {
    return config;
  }

  public Duration joinWindow() {
    return joinWindow;
  }

  public Duration joinGrace() {
    return joinGrace;
  }

  public Duration windowSize() {
    return windowSize;
  }

  public Duration windowAdvance() {
    return windowAdvance;
  }

  public Duration windowGrace() {
    return windowGrace;
  }

  public int countWindowImages() {
    return countWindowImages;
  }

  public int countWindowEmitEvery() {
    return countWindowEmitEvery;
  }

  public double sampleRate() {
    return sampleRate;
  }

  public double alertSsimMin() {
    return alertSsimMin;
  }

  public double alertPsnrMin() {
    return alertPsnrMin;
  }

  public double alertMissingMaxRatio() {
    return alertMissingMaxRatio;
  }

  public long alertMinImages() {
    return alertMinImages;
  }

  /** Where unreadable and unscorable records go ({@code compressnet.topic.dlq}). */
  public String dlqTopic() {
    return dlqTopic;
  }

  /** Whether the serdes register the schemas they write ({@code auto.register.schemas}). */
  public boolean autoRegister() {
    return autoRegister;
  }

  public String dashboardHost() {
    return dashboardHost;
  }

  public int dashboardPort() {
    return dashboardPort;
  }

  /**
   * Basic auth and TLS of the dashboard, each off unless configured (see {@link
   * DashboardSecuritySettings} for what is refused).
   */
  public DashboardSecurity dashboardSecurity() {
    return dashboardSecurity;
  }

  public boolean dashboardEnabled() {
    return dashboardEnabled;
  }

  public String applicationId() {
    return applicationId;
  }

  /** Properties for Kafka Streams: every non-CompressNet key (client settings pass through). */
  public Properties streamsProperties() {
    return config.streamsProperties();
  }

  /** Configs for the registry client and serdes ({@code schema.registry.*} etc.). */
  public Map<String, String> serdeConfigs() {
    return config.serdeConfigs();
  }

  /** All settings for logging, with credentials masked. */
  @Override
  public String toString() {
    return "MonitorConfig" + config.masked();
  }
}
