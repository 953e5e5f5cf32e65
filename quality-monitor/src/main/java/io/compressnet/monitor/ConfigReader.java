package io.compressnet.monitor;

import io.compressnet.streams.ServiceConfig;
import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/**
 * Reads typed values out of a loaded {@link ServiceConfig}, each once. A refusal is Kafka's {@link
 * ConfigException} with the property, the value as given and the rule it breaks, the shape every
 * service's configuration errors have, so an operator can fix the file or variable from the message
 * alone. The message carries the value, so a secret is only ever read with {@link #raw} or {@link
 * #optional}, which refuse nothing.
 */
final class ConfigReader {

  private final ServiceConfig config;

  ConfigReader(ServiceConfig config) {
    this.config = config;
  }

  /** The raw value, {@code null} when unset. */
  String raw(String property) {
    return config.get(property);
  }

  /** A value that must be set: trimmed. */
  String text(String property) {
    String value = optional(property);
    if (value == null) {
      throw new ConfigException(property, raw(property), "must be set");
    }
    return value;
  }

  /** A value that may be absent: trimmed, {@code null} when unset or blank. */
  String optional(String property) {
    String value = raw(property);
    return value == null || value.isBlank() ? null : value.trim();
  }

  long longAtLeast(String property, long min) {
    long value = wholeNumber(property);
    if (value < min) {
      throw new ConfigException(property, raw(property), "must be at least " + min);
    }
    return value;
  }

  int intAtLeast(String property, int min) {
    return intBetween(property, min, Integer.MAX_VALUE);
  }

  int intBetween(String property, int min, int max) {
    long value = wholeNumber(property);
    if (value < min || value > max) {
      String rule = max == Integer.MAX_VALUE ? "at least " + min : min + ".." + max;
      throw new ConfigException(property, raw(property), "must be " + rule);
    }
    return (int) value;
  }

  Duration millisAtLeast(String property, long min) {
    return Duration.ofMillis(longAtLeast(property, min));
  }

  /**
   * A finite number. NaN is refused because it compares false with everything: a threshold of NaN
   * would silently never fire.
   */
  double finite(String property) {
    String value = text(property);
    double parsed;
    try {
      parsed = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new ConfigException(property, value, "must be a number");
    }
    if (!Double.isFinite(parsed)) {
      throw new ConfigException(property, value, "must be a finite number");
    }
    return parsed;
  }

  double between(String property, double min, double max) {
    double value = finite(property);
    if (value < min || value > max) {
      throw new ConfigException(
          property, raw(property), "must be in [" + fmt(min) + ", " + fmt(max) + "]");
    }
    return value;
  }

  /** {@code true} or {@code false}, any case: anything else is a typo, not {@code false}. */
  boolean bool(String property) {
    String value = text(property);
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.equals("true") || lower.equals("false")) {
      return Boolean.parseBoolean(lower);
    }
    throw new ConfigException(property, value, "must be true or false");
  }

  private long wholeNumber(String property) {
    String value = text(property);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigException(property, value, "must be an integer");
    }
  }

  /** 0 and 1 rather than 0.0 and 1.0 in messages. */
  private static String fmt(double bound) {
    return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
  }
}
