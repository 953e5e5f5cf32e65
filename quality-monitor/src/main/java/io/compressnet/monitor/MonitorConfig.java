package io.compressnet.monitor;

import io.compressnet.monitor.dashboard.DashboardSecurity;
import io.compressnet.streams.ConfigKey;
import io.compressnet.streams.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Settings of the quality monitor, loaded with streams-common's {@link ServiceConfig} so they
 * follow DEVELOPERS.md like every service: command-line overrides, then the properties file ({@code
 * --config FILE} or {@code COMPRESSNET_CONFIG_FILE}), then the environment, then the defaults;
 * {@code KAFKA_*} variables and unknown file keys pass through to Kafka Streams. The monitor's own
 * keys and their environment variables are listed in {@link #KEYS}.
 *
 * <p>Immutable and validated on construction; {@link #with} returns a validated copy.
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

  private MonitorConfig(ServiceConfig config) {
    this.config = config;
    validate();
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

  /** Overrides (command-line flags; null values ignored) over file over environment. */
  public static MonitorConfig load(
      Map<String, String> env, Path configFile, Map<String, String> overrides) {
    return new MonitorConfig(
        loader().environment(env).configFile(configFile).overrides(overrides).load());
  }

  private void validate() {
    requirePositive(JOIN_WINDOW_MS);
    requireNonNegative(JOIN_GRACE_MS);
    requirePositive(WINDOW_SIZE_MS);
    requirePositive(WINDOW_ADVANCE_MS);
    requireNonNegative(WINDOW_GRACE_MS);
    if (windowAdvance().compareTo(windowSize()) > 0) {
      throw new IllegalArgumentException(
          WINDOW_ADVANCE_MS + " must not exceed " + WINDOW_SIZE_MS + " (gaps would lose images)");
    }
    long n = longValue(COUNT_WINDOW_IMAGES);
    long every = longValue(COUNT_WINDOW_EMIT_EVERY);
    if (n < 1 || every < 1 || n % every != 0) {
      throw new IllegalArgumentException(
          COUNT_WINDOW_EMIT_EVERY
              + " ("
              + every
              + ") must be >= 1 and divide "
              + COUNT_WINDOW_IMAGES
              + " ("
              + n
              + ")");
    }
    double rate = sampleRate();
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(SAMPLE_RATE + " must be in [0, 1], got " + rate);
    }
    int port = dashboardPort();
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(DASHBOARD_PORT + " must be 0..65535, got " + port);
    }
    dashboardSecurity();
    doubleValue(ALERT_SSIM_MIN);
    doubleValue(ALERT_PSNR_MIN);
    doubleValue(ALERT_MISSING_MAX);
    longValue(ALERT_MIN_IMAGES);
  }

  private void requirePositive(String key) {
    if (longValue(key) <= 0) {
      throw new IllegalArgumentException(key + " must be > 0, got " + config.get(key));
    }
  }

  private void requireNonNegative(String key) {
    if (longValue(key) < 0) {
      throw new IllegalArgumentException(key + " must be >= 0, got " + config.get(key));
    }
  }

  private long longValue(String key) {
    String v = config.get(key);
    try {
      return Long.parseLong(v == null ? "" : v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got " + v, e);
    }
  }

  private double doubleValue(String key) {
    String v = config.get(key);
    try {
      return Double.parseDouble(v == null ? "" : v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got " + v, e);
    }
  }

  /** A copy with one setting changed (validated). */
  public MonitorConfig with(String key, Object value) {
    return new MonitorConfig(config.with(key, value == null ? null : String.valueOf(value)));
  }

  public String get(String key) {
    return config.get(key);
  }

  /** The underlying streams-common config. */
  public ServiceConfig serviceConfig() {
    return config;
  }

  public Duration joinWindow() {
    return Duration.ofMillis(longValue(JOIN_WINDOW_MS));
  }

  public Duration joinGrace() {
    return Duration.ofMillis(longValue(JOIN_GRACE_MS));
  }

  public Duration windowSize() {
    return Duration.ofMillis(longValue(WINDOW_SIZE_MS));
  }

  public Duration windowAdvance() {
    return Duration.ofMillis(longValue(WINDOW_ADVANCE_MS));
  }

  public Duration windowGrace() {
    return Duration.ofMillis(longValue(WINDOW_GRACE_MS));
  }

  public int countWindowImages() {
    return Math.toIntExact(longValue(COUNT_WINDOW_IMAGES));
  }

  public int countWindowEmitEvery() {
    return Math.toIntExact(longValue(COUNT_WINDOW_EMIT_EVERY));
  }

  public double sampleRate() {
    return doubleValue(SAMPLE_RATE);
  }

  public double alertSsimMin() {
    return doubleValue(ALERT_SSIM_MIN);
  }

  public double alertPsnrMin() {
    return doubleValue(ALERT_PSNR_MIN);
  }

  public double alertMissingMaxRatio() {
    return doubleValue(ALERT_MISSING_MAX);
  }

  public long alertMinImages() {
    return longValue(ALERT_MIN_IMAGES);
  }

  /** Where unreadable and unscorable records go ({@code compressnet.topic.dlq}). */
  public String dlqTopic() {
    return config.get(ServiceConfig.DLQ_TOPIC);
  }

  public String dashboardHost() {
    return config.get(DASHBOARD_HOST);
  }

  public int dashboardPort() {
    return Math.toIntExact(longValue(DASHBOARD_PORT));
  }

  /**
   * Basic auth and TLS of the dashboard: each off unless configured; a user without a password (or
   * the reverse), or a key store without its password or missing, is a configuration error.
   */
  public DashboardSecurity dashboardSecurity() {
    String user = blankToNull(config.get(DASHBOARD_AUTH_USER));
    String password = blankToNull(config.get(DASHBOARD_AUTH_PASSWORD));
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException(
          DASHBOARD_AUTH_USER + " and " + DASHBOARD_AUTH_PASSWORD + " must be set together");
    }
    Optional<DashboardSecurity.BasicAuth> auth =
        user == null
            ? Optional.empty()
            : Optional.of(new DashboardSecurity.BasicAuth(user, password));
    String keyStore = blankToNull(config.get(DASHBOARD_TLS_KEYSTORE));
    if (keyStore == null) {
      return new DashboardSecurity(auth, Optional.empty());
    }
    Path file = Path.of(keyStore);
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(
          DASHBOARD_TLS_KEYSTORE + " " + file + " does not exist or is not readable");
    }
    String keyStorePassword = blankToNull(config.get(DASHBOARD_TLS_KEYSTORE_PASSWORD));
    if (keyStorePassword == null) {
      throw new IllegalArgumentException(
          DASHBOARD_TLS_KEYSTORE_PASSWORD + " must be set with " + DASHBOARD_TLS_KEYSTORE);
    }
    String type = config.get(DASHBOARD_TLS_KEYSTORE_TYPE).trim().toUpperCase(Locale.ROOT);
    if (!type.equals("PKCS12") && !type.equals("JKS")) {
      throw new IllegalArgumentException(
          DASHBOARD_TLS_KEYSTORE_TYPE + " must be PKCS12 or JKS, got " + type);
    }
    return new DashboardSecurity(
        auth, Optional.of(new DashboardSecurity.Tls(file, keyStorePassword, type)));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  public boolean dashboardEnabled() {
    return Boolean.parseBoolean(config.get(DASHBOARD_ENABLED));
  }

  public String applicationId() {
    return config.get(APPLICATION_ID);
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
