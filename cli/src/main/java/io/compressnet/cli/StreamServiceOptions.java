package io.compressnet.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Flags shared by {@code compressnet encoder} and {@code decoder}. Each one, when given, wins over
 * the properties file, which wins over the environment (see DEVELOPERS.md).
 */
final class StreamServiceOptions {

  @Mixin ConnectionOptions connection;

  @Option(names = "--application-id", paramLabel = "ID", description = "Kafka Streams app id.")
  String applicationId;

  @Option(
      names = "--processing-guarantee",
      paramLabel = "G",
      description = "exactly_once_v2 (default) or at_least_once.")
  String processingGuarantee;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Stream threads (default 1; raise it, with partitions, when one cannot keep up).")
  Integer threads;

  @Option(names = "--batch-size", paramLabel = "N", description = "Images per batch (64).")
  Integer batchSize;

  @Option(
      names = "--batch-max-wait-ms",
      paramLabel = "MS",
      description = "Run a partial batch after about this long (20).")
  Long batchMaxWaitMs;

  @Option(
      names = "--metrics-port",
      paramLabel = "N",
      description = "Prometheus /metrics port (0 disables).")
  Integer metricsPort;

  @Option(
      names = "--metrics-host",
      paramLabel = "ADDR",
      description = "Address /metrics binds to (127.0.0.1).")
  String metricsHost;

  @Option(
      names = "--print-config",
      description = "Print the effective settings (secrets masked) and exit.")
  boolean printConfig;

  /** The properties file given with {@code --config}, or null. */
  Path configFile() {
    return connection.configFile;
  }

  /** The flags given, as property overrides. */
  Map<String, String> overrides() {
    Map<String, String> out = new HashMap<>();
    connection.putOverrides(out);
    put(out, "application.id", applicationId);
    put(out, "processing.guarantee", processingGuarantee);
    put(out, "num.stream.threads", threads);
    put(out, "compressnet.batch.size", batchSize);
    put(out, "compressnet.batch.max.wait.ms", batchMaxWaitMs);
    put(out, "compressnet.metrics.port", metricsPort);
    put(out, "compressnet.metrics.host", metricsHost);
    return out;
  }

  static void put(Map<String, String> out, String key, Object value) {
    if (value != null) {
      out.put(key, value.toString());
    }
  }
}
