package io.compressnet.monitor;

import static io.compressnet.monitor.MonitorConfig.ALERT_MIN_IMAGES;
import static io.compressnet.monitor.MonitorConfig.ALERT_MISSING_MAX;
import static io.compressnet.monitor.MonitorConfig.ALERT_PSNR_MIN;
import static io.compressnet.monitor.MonitorConfig.ALERT_SSIM_MIN;
import static io.compressnet.monitor.MonitorConfig.COUNT_WINDOW_EMIT_EVERY;
import static io.compressnet.monitor.MonitorConfig.COUNT_WINDOW_IMAGES;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_AUTH_PASSWORD;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_AUTH_USER;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_ENABLED;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_HOST;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_PORT;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_TLS_KEYSTORE;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_TLS_KEYSTORE_PASSWORD;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_TLS_KEYSTORE_TYPE;
import static io.compressnet.monitor.MonitorConfig.JOIN_GRACE_MS;
import static io.compressnet.monitor.MonitorConfig.JOIN_WINDOW_MS;
import static io.compressnet.monitor.MonitorConfig.SAMPLE_RATE;
import static io.compressnet.monitor.MonitorConfig.WINDOW_ADVANCE_MS;
import static io.compressnet.monitor.MonitorConfig.WINDOW_GRACE_MS;
import static io.compressnet.monitor.MonitorConfig.WINDOW_SIZE_MS;
import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import io.compressnet.streams.ConfigKey;
import io.compressnet.streams.ServiceConfig;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The quality monitor's own keys, each declared once with its Kafka type, default, rule and doc,
 * like the encoder's and decoder's. {@link ServiceConfig.Loader#load} checks every value against
 * its key, so a malformed or out-of-range value is refused at load with Kafka's message naming the
 * property, the value and the environment variable; {@link #value} then only parses what passed.
 * Rules across keys (advance within size, user with password, ...) are {@link MonitorConfig}'s.
 */
final class MonitorKeys {

  static final ConfigKey JOIN_WINDOW =
      key(JOIN_WINDOW_MS, "30000", "join window: max |t(reconstruction) - t(original)|, ms")
          .typed(Type.LONG, atLeast(1));
  static final ConfigKey JOIN_GRACE =
      key(JOIN_GRACE_MS, "10000", "extra wait before an unmatched image counts as missing, ms")
          .typed(Type.LONG, atLeast(0));
  static final ConfigKey WINDOW_SIZE =
      key(WINDOW_SIZE_MS, "60000", "size of the hopping quality windows, ms")
          .typed(Type.LONG, atLeast(1));
  static final ConfigKey WINDOW_ADVANCE =
      key(WINDOW_ADVANCE_MS, "10000", "advance of the hopping quality windows, ms")
          .typed(Type.LONG, atLeast(1));
  static final ConfigKey WINDOW_GRACE =
      key(WINDOW_GRACE_MS, "5000", "how long a time window waits for out-of-order scores, ms")
          .typed(Type.LONG, atLeast(0));
  static final ConfigKey COUNT_IMAGES =
      key(COUNT_WINDOW_IMAGES, "500", "N of the 'last N images' view").typed(Type.INT, atLeast(1));
  static final ConfigKey COUNT_EMIT_EVERY =
      key(COUNT_WINDOW_EMIT_EVERY, "50", "emit the last-N view every this many images (divides N)")
          .typed(Type.INT, atLeast(1));
  static final ConfigKey SAMPLE =
      key(SAMPLE_RATE, "1.0", "fraction of images scored, chosen by a hash of the id")
          .typed(Type.DOUBLE, new FiniteNumber(0, 1));
  static final ConfigKey SSIM_MIN =
      key(ALERT_SSIM_MIN, "0.95", "alert when a window's mean SSIM falls below")
          .typed(Type.DOUBLE, FiniteNumber.ANY);
  static final ConfigKey PSNR_MIN =
      key(ALERT_PSNR_MIN, "22.0", "alert when a window's aggregate PSNR (dB) falls below")
          .typed(Type.DOUBLE, FiniteNumber.ANY);
  static final ConfigKey MISSING_MAX =
      key(ALERT_MISSING_MAX, "0.01", "alert when a window's missing / (scored + missing) exceeds")
          .typed(Type.DOUBLE, FiniteNumber.ANY);
  static final ConfigKey MIN_IMAGES =
      key(ALERT_MIN_IMAGES, "10", "windows with fewer images neither raise nor clear alerts")
          .typed(Type.LONG, atLeast(0));
  static final ConfigKey ENABLED =
      key(DASHBOARD_ENABLED, "true", "serve the dashboard, JSON API and /metrics")
          .typed(Type.BOOLEAN, null);
  static final ConfigKey HOST = key(DASHBOARD_HOST, "127.0.0.1", "address the dashboard binds to");
  static final ConfigKey PORT =
      key(DASHBOARD_PORT, "8088", "dashboard port (0 = any free port)")
          .typed(Type.INT, between(0, 65535));
  static final ConfigKey AUTH_USER =
      key(
          DASHBOARD_AUTH_USER,
          null,
          "basic-auth user required on every dashboard path, /metrics included (off if unset)");
  static final ConfigKey AUTH_PASSWORD =
      key(DASHBOARD_AUTH_PASSWORD, null, "basic-auth password (set with the user)")
          .typed(Type.PASSWORD, null);
  static final ConfigKey TLS_KEYSTORE =
      key(
          DASHBOARD_TLS_KEYSTORE,
          null,
          "key store (key + certificate chain) to serve the dashboard over HTTPS (off if unset)");
  static final ConfigKey TLS_KEYSTORE_PASSWORD =
      key(DASHBOARD_TLS_KEYSTORE_PASSWORD, null, "password of the key store and its key")
          .typed(Type.PASSWORD, null);
  static final ConfigKey TLS_KEYSTORE_TYPE =
      key(DASHBOARD_TLS_KEYSTORE_TYPE, "PKCS12", "PKCS12 or JKS")
          .typed(Type.STRING, ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS"));

  /** In the order of the README's table. */
  static final List<ConfigKey> ALL =
      List.of(
          JOIN_WINDOW,
          JOIN_GRACE,
          WINDOW_SIZE,
          WINDOW_ADVANCE,
          WINDOW_GRACE,
          COUNT_IMAGES,
          COUNT_EMIT_EVERY,
          SAMPLE,
          SSIM_MIN,
          PSNR_MIN,
          MISSING_MAX,
          MIN_IMAGES,
          ENABLED,
          HOST,
          PORT,
          AUTH_USER,
          AUTH_PASSWORD,
          TLS_KEYSTORE,
          TLS_KEYSTORE_PASSWORD,
          TLS_KEYSTORE_TYPE);

  private MonitorKeys() {}

  /** A key whose variable is its property in upper case with {@code _} for {@code .}. */
  private static ConfigKey key(String property, String defaultValue, String description) {
    String env = property.toUpperCase(Locale.ROOT).replace('.', '_');
    return new ConfigKey(property, env, defaultValue, description);
  }

  /**
   * The value of {@code key} in a config its loader has checked, parsed as the key's type ({@link
   * Long}, {@link Integer}, {@link Double}, {@link Boolean} or trimmed {@link String}).
   *
   * @throws ConfigException when it is unset or blank (the loader passes those as unset)
   */
  static <T> T value(ServiceConfig config, ConfigKey key, Class<T> type) {
    return type.cast(ConfigDef.parseType(key.property(), required(config, key), key.type()));
  }

  /**
   * The trimmed value of a key that must be set. Not for secrets: the message carries the value.
   */
  static String required(ServiceConfig config, ConfigKey key) {
    String value = optional(config, key);
    if (value == null) {
      throw new ConfigException(key.property(), config.get(key), "must be set");
    }
    return value;
  }

  /** The trimmed value of a key that may be absent; {@code null} when unset or blank. */
  static String optional(ServiceConfig config, ConfigKey key) {
    String value = config.get(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * A finite number within bounds. NaN is refused because it compares false with everything (a
   * threshold of NaN would silently never fire), which also lets it through Kafka's {@code Range}.
   */
  private record FiniteNumber(double min, double max) implements ConfigDef.Validator {

    static final FiniteNumber ANY = new FiniteNumber(-Double.MAX_VALUE, Double.MAX_VALUE);

    @Override
    public void ensureValid(String name, Object value) {
      double number = ((Number) value).doubleValue();
      if (!Double.isFinite(number)) {
        throw new ConfigException(name, value, "Value must be a finite number");
      }
      if (number < min || number > max) {
        throw new ConfigException(name, value, "Value must be in " + this);
      }
    }

    /** {@code [0, 1]} rather than {@code [0.0, 1.0]}; "finite" for the unbounded one. */
    @Override
    public String toString() {
      return this.equals(ANY) ? "finite" : "[" + fmt(min) + ", " + fmt(max) + "]";
    }

    private static String fmt(double bound) {
      return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
  }
}
