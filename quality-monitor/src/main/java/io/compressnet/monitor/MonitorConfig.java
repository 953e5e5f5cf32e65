package io.compressnet.monitor;

import io.compressnet.monitor.dashboard.DashboardSecurity;
import io.compressnet.streams.ConfigKey;
import io.compressnet.streams.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
 * <p>Every value is parsed and checked once, when the config is loaded, into the typed fields the
 * getters return: a bad value stops the start with a {@link ConfigException} naming the property,
 * the value and the rule, before any connection is made; the getters only return fields. Immutable;
 * {@link #with} returns a checked copy.
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

  /** The monitor's own keys (besides streams-common's common ones). */
  public static final List<ConfigKey> KEYS =
      List.of(
          key(JOIN_WINDOW_MS, "30000", "join window: max |t(reconstruction) - t(original)|, ms"),
          key(JOIN_GRACE_MS, "10000", "extra wait before an unmatched image counts as missing, ms"),
          key(WINDOW_SIZE_MS, "60000", "size of the hopping quality windows, ms"),
          key(WINDOW_ADVANCE_MS, "10000", "advance of the hopping quality windows, ms"),
          key(WINDOW_GRACE_MS, "5000", "how long a time window waits for out-of-order scores, ms"),
          key(COUNT_WINDOW_IMAGES, "500", "N of the 'last N images' view"),
          key(
              COUNT_WINDOW_EMIT_EVERY,
              "50",
              "emit the last-N view every this many images (divides N)"),
          key(SAMPLE_RATE, "1.0", "fraction of images scored, chosen by a hash of the id"),
          key(ALERT_SSIM_MIN, "0.95", "alert when a window's mean SSIM falls below"),
          key(ALERT_PSNR_MIN, "22.0", "alert when a window's aggregate PSNR (dB) falls below"),
          key(
              ALERT_MISSING_MAX,
              "0.01",
              "alert when a window's missing / (scored + missing) exceeds"),
          key(ALERT_MIN_IMAGES, "10", "windows with fewer images neither raise nor clear alerts"),
          key(DASHBOARD_ENABLED, "true", "serve the dashboard, JSON API and /metrics"),
          key(DASHBOARD_HOST, "127.0.0.1", "address the dashboard binds to"),
          key(DASHBOARD_PORT, "8088", "dashboard port (0 = any free port)"),
          key(
              DASHBOARD_AUTH_USER,
              null,
              "basic-auth user required on every dashboard path, /metrics included (off if unset)"),
          key(DASHBOARD_AUTH_PASSWORD, null, "basic-auth password (set with the user)"),
          key(
              DASHBOARD_TLS_KEYSTORE,
              null,
              "key store (key + certificate chain) to serve the dashboard over HTTPS (off if unset)"),
          key(DASHBOARD_TLS_KEYSTORE_PASSWORD, null, "password of the key store and its key"),
          key(DASHBOARD_TLS_KEYSTORE_TYPE, "PKCS12", "PKCS12 or JKS"));

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

  private MonitorConfig(ServiceConfig config) {
    this.config = config;
    ConfigReader read = new ConfigReader(config);
    applicationId = read.text(APPLICATION_ID);
    dlqTopic = read.text(ServiceConfig.DLQ_TOPIC.property());
    autoRegister = read.bool(AUTO_REGISTER);
    joinWindow = read.millisAtLeast(JOIN_WINDOW_MS, 1);
    joinGrace = read.millisAtLeast(JOIN_GRACE_MS, 0);
    windowSize = read.millisAtLeast(WINDOW_SIZE_MS, 1);
    windowAdvance = read.millisAtLeast(WINDOW_ADVANCE_MS, 1);
    windowGrace = read.millisAtLeast(WINDOW_GRACE_MS, 0);
    if (windowAdvance.compareTo(windowSize) > 0) {
      throw new ConfigException(
          WINDOW_ADVANCE_MS,
          read.raw(WINDOW_ADVANCE_MS),
          "must not exceed "
              + WINDOW_SIZE_MS
              + " ("
              + windowSize.toMillis()
              + "): the gaps between windows would lose images");
    }
    countWindowImages = read.intAtLeast(COUNT_WINDOW_IMAGES, 1);
    countWindowEmitEvery = read.intAtLeast(COUNT_WINDOW_EMIT_EVERY, 1);
    if (countWindowImages % countWindowEmitEvery != 0) {
      // The view is a ring of N / every blocks: a remainder would make it cover more or fewer
      // than N images.
      throw new ConfigException(
          COUNT_WINDOW_EMIT_EVERY,
          read.raw(COUNT_WINDOW_EMIT_EVERY),
          "must divide " + COUNT_WINDOW_IMAGES + " (" + countWindowImages + ")");
    }
    sampleRate = read.between(SAMPLE_RATE, 0, 1);
    alertSsimMin = read.finite(ALERT_SSIM_MIN);
    alertPsnrMin = read.finite(ALERT_PSNR_MIN);
    alertMissingMaxRatio = read.finite(ALERT_MISSING_MAX);
    alertMinImages = read.longAtLeast(ALERT_MIN_IMAGES, 0);
    dashboardEnabled = read.bool(DASHBOARD_ENABLED);
    dashboardHost = read.text(DASHBOARD_HOST);
    dashboardPort = read.intBetween(DASHBOARD_PORT, 0, 65535);
    dashboardSecurity = DashboardSecuritySettings.read(read);
  }

  private static ConfigKey key(String property, String defaultValue, String description) {
    String env = property.toUpperCase(Locale.ROOT).replace('.', '_');
    return new ConfigKey(property, env, defaultValue, description);
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

  /** A copy with one setting changed (checked like a loaded one). */
  public MonitorConfig with(String key, Object value) {
    return new MonitorConfig(config.with(key, value == null ? null : String.valueOf(value)));
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
