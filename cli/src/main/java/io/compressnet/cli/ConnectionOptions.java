package io.compressnet.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a command finds its settings and the cluster: the properties file, the brokers and the
 * registry. Shared by the service commands and {@code init}; given flags win over the file, which
 * wins over the environment (see DEVELOPERS.md).
 */
final class ConnectionOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file (default: $COMPRESSNET_CONFIG_FILE, if set).")
  Path configFile;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers.")
  String bootstrapServers;

  @Option(names = "--schema-registry-url", paramLabel = "URL", description = "Schema Registry URL.")
  String registryUrl;

  /** Adds the address flags that were given to {@code overrides} as properties. */
  void putOverrides(Map<String, String> overrides) {
    StreamServiceOptions.put(overrides, "bootstrap.servers", bootstrapServers);
    StreamServiceOptions.put(overrides, "schema.registry.url", registryUrl);
  }
}
