package io.compressnet.monitor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Settings of the quality monitor, read as DEVELOPERS.md prescribes: a properties file wins over
 * the environment, defaults apply last. Every CompressNet key {@code a.b.c} has the environment
 * variable {@code A_B_C}; Kafka client settings pass through ({@code KAFKA_X_Y} becomes {@code
 * x.y}, unknown file keys go to the clients as they are).
 *
 * <p>Immutable; the {@code with...} methods return copies (used by tests and the CLI).
 */
public final class MonitorConfig {

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String REGISTRY_URL = "schema.registry.url";
  public static final String REGISTRY_USER_INFO = "schema.registry.basic.auth.user.info";
  public static final String AUTO_REGISTER = "auto.register.schemas";
  public static final String APPLICATION_ID = "application.id";
  public static final String PROCESSING_GUARANTEE = "processing.guarantee";
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
  public static final String DASHBOARD_HOST = "compressnet.dashboard.host";
  public static final String DASHBOARD_PORT = "compressnet.dashboard.port";
  public static final String DASHBOARD_ENABLED = "compressnet.dashboard.enabled";
  public static final String CONFIG_FILE_ENV = "COMPRESSNET_CONFIG_FILE";

  private static final Map<String, String> DEFAULTS = defaults();

  /** Environment variables that do not follow the {@code a.b.c -> A_B_C} rule. */
  private static final Map<String, String> ENV_ALIASES =
      Map.of(
          "COMPRESSNET_APPLICATION_ID", APPLICATION_ID,
          "COMPRESSNET_PROCESSING_GUARANTEE", PROCESSING_GUARANTEE,
          "SCHEMA_REGISTRY_AUTO_REGISTER", AUTO_REGISTER);

  private final Map<String, String> values;

  private MonitorConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
    validate();
  }

  /** Defaults only. */
  public static MonitorConfig defaultConfig() {
    return new MonitorConfig(DEFAULTS);
  }

  /** Environment, then the file named by {@code configFile} (or COMPRESSNET_CONFIG_FILE). */
  public static MonitorConfig load(Map<String, String> env, Path configFile) throws IOException {
    Properties file = new Properties();
    Path path =
        configFile != null
            ? configFile
            : env.containsKey(CONFIG_FILE_ENV) ? Path.of(env.get(CONFIG_FILE_ENV)) : null;
    if (path != null) {
      try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        file.load(reader);
      }
    }
    return fromSources(env, file);
  }

  /** The convention: file over environment over defaults. */
  public static MonitorConfig fromSources(Map<String, String> env, Properties file) {
    Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
    env.forEach(
        (name, value) -> {
          String key = envToKey(name);
          if (key != null) {
            merged.put(key, value);
          }
        });
    file.stringPropertyNames().forEach(name -> merged.put(name, file.getProperty(name).trim()));
    return new MonitorConfig(merged);
  }

  private static String envToKey(String name) {
    if (ENV_ALIASES.containsKey(name)) {
      return ENV_ALIASES.get(name);
    }
    if (name.startsWith("KAFKA_")) {
      return name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }
    String asKey = name.toLowerCase(Locale.ROOT).replace('_', '.');
    return DEFAULTS.containsKey(asKey) || asKey.equals(REGISTRY_USER_INFO) ? asKey : null;
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(BOOTSTRAP_SERVERS, "127.0.0.1:9092");
    d.put(REGISTRY_URL, "http://127.0.0.1:8081");
    d.put(AUTO_REGISTER, "true");
    d.put(APPLICATION_ID, "compressnet-quality-monitor");
    d.put(PROCESSING_GUARANTEE, "exactly_once_v2");
    d.put(JOIN_WINDOW_MS, "30000");
    d.put(JOIN_GRACE_MS, "10000");
    d.put(WINDOW_SIZE_MS, "60000");
    d.put(WINDOW_ADVANCE_MS, "10000");
    d.put(WINDOW_GRACE_MS, "5000");
    d.put(COUNT_WINDOW_IMAGES, "500");
    d.put(COUNT_WINDOW_EMIT_EVERY, "50");
    d.put(SAMPLE_RATE, "1.0");
    d.put(ALERT_SSIM_MIN, "0.95");
    d.put(ALERT_PSNR_MIN, "22.0");
    d.put(ALERT_MISSING_MAX, "0.01");
    d.put(ALERT_MIN_IMAGES, "10");
    d.put(DASHBOARD_HOST, "127.0.0.1");
    d.put(DASHBOARD_PORT, "8088");
    d.put(DASHBOARD_ENABLED, "true");
    return Map.copyOf(d);
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
    doubleValue(ALERT_SSIM_MIN);
    doubleValue(ALERT_PSNR_MIN);
    doubleValue(ALERT_MISSING_MAX);
    longValue(ALERT_MIN_IMAGES);
  }

  private void requirePositive(String key) {
    if (longValue(key) <= 0) {
      throw new IllegalArgumentException(key + " must be > 0, got " + values.get(key));
    }
  }

  private void requireNonNegative(String key) {
    if (longValue(key) < 0) {
      throw new IllegalArgumentException(key + " must be >= 0, got " + values.get(key));
    }
  }

  private long longValue(String key) {
    try {
      return Long.parseLong(values.get(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got " + values.get(key), e);
    }
  }

  private double doubleValue(String key) {
    try {
      return Double.parseDouble(values.get(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got " + values.get(key), e);
    }
  }

  /** A copy with one setting changed (validated). */
  public MonitorConfig with(String key, Object value) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, String.valueOf(value));
    return new MonitorConfig(copy);
  }

  public String get(String key) {
    return values.get(key);
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

  public String dashboardHost() {
    return values.get(DASHBOARD_HOST);
  }

  public int dashboardPort() {
    return Math.toIntExact(longValue(DASHBOARD_PORT));
  }

  public boolean dashboardEnabled() {
    return Boolean.parseBoolean(values.get(DASHBOARD_ENABLED));
  }

  public String applicationId() {
    return values.get(APPLICATION_ID);
  }

  /**
   * Properties for Kafka Streams and the serdes: every key that is not a monitor or dashboard key
   * (Kafka client settings and {@code schema.registry.*} pass through as they are).
   */
  public Properties streamsProperties() {
    Properties props = new Properties();
    values.forEach(
        (k, v) -> {
          if (!k.startsWith("compressnet.monitor.") && !k.startsWith("compressnet.dashboard.")) {
            props.put(k, v);
          }
        });
    return props;
  }

  /** All settings for logging, with credentials masked. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(k, isSecret(k) ? "[hidden]" : maskUrlCredentials(v)));
    return "MonitorConfig" + shown;
  }

  private static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("jaas")
        || k.contains("user.info")
        || k.contains("secret")
        || k.contains("token");
  }

  private static String maskUrlCredentials(String value) {
    return value.replaceAll("://[^/@\\s]+@", "://[hidden]@");
  }
}
