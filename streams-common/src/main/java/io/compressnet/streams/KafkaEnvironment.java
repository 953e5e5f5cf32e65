package io.compressnet.streams;

import java.util.Locale;
import java.util.Set;

/** Which environment variables are Kafka client settings, Confluent-image style. */
final class KafkaEnvironment {

  /** Launcher variables that share the KAFKA_ prefix but are not client settings. */
  private static final Set<String> NOT_KAFKA_PROPERTIES =
      Set.of(
          "KAFKA_HOME",
          "KAFKA_OPTS",
          "KAFKA_HEAP_OPTS",
          "KAFKA_JVM_PERFORMANCE_OPTS",
          "KAFKA_LOG4J_OPTS",
          "KAFKA_JMX_OPTS",
          "KAFKA_DEBUG",
          "KAFKA_VERSION");

  private KafkaEnvironment() {}

  /** The Kafka property {@code envVar} stands for, or {@code null} when it is not a setting. */
  static String propertyOf(String envVar) {
    if (!envVar.startsWith("KAFKA_") || NOT_KAFKA_PROPERTIES.contains(envVar)) {
      return null;
    }
    String name = envVar.substring("KAFKA_".length());
    if (name.isEmpty()) {
      return null;
    }
    // Confluent's escapes: ___ is '-', __ is '_', _ is '.'.
    return name.replace("___", "\u0001")
        .replace("__", "\u0002")
        .replace('_', '.')
        .replace('\u0001', '-')
        .replace('\u0002', '_')
        .toLowerCase(Locale.ROOT);
  }
}
