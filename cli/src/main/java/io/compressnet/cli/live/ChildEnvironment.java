package io.compressnet.cli.live;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each child of {@code bench live} gets: the JVM flags of the {@code compressnet} launcher and
 * the environment a user would set (broker and registry address, free ports, the model), on top of
 * the caller's environment cleaned of every service setting so that the services run with their
 * defaults; {@code --env} pairs come last.
 */
final class ChildEnvironment {

  private final Map<String, String> inherited;
  private final Path model;
  private final Map<String, String> extra;
  private final Path stateRoot;

  /**
   * {@code stateRoot} holds one fresh Kafka Streams {@code state.dir} per service. The default,
   * {@code /tmp/kafka-streams/<application.id>}, outlives a run: the next run's fresh broker would
   * find those stores ahead of its empty changelogs, declare the tasks corrupted and restore them
   * from scratch (measured: the monitor committed nothing for the first ~60 s), and two runs at
   * once would lock each other's directories.
   */
  ChildEnvironment(
      Map<String, String> inherited, Path model, Map<String, String> extra, Path stateRoot) {
    this.inherited = cleanEnvironment(inherited);
    this.model = model;
    this.extra = Map.copyOf(extra);
    this.stateRoot = stateRoot;
  }

  /** The JVM flags the {@code compressnet} launcher gives every command. */
  static List<String> launcherJvmArgs(String javaOpts) {
    List<String> args = new ArrayList<>();
    if (javaOpts != null && !javaOpts.isBlank()) {
      args.addAll(List.of(javaOpts.trim().split("\\s+")));
    }
    args.add("-Dai.djl.offline=true");
    String apicurio = System.getProperty("compressnet.apicurio.home");
    if (apicurio != null) {
      args.add("-Dcompressnet.apicurio.home=" + apicurio);
    }
    return args;
  }

  /**
   * {@code inherited} without any CompressNet, Kafka or registry setting ({@code
   * COMPRESSNET_APICURIO_HOME} stays: it only says where the registry distribution is).
   */
  static Map<String, String> cleanEnvironment(Map<String, String> inherited) {
    Map<String, String> env = new HashMap<>();
    inherited.forEach(
        (k, v) -> {
          boolean setting =
              k.startsWith("KAFKA_")
                  || k.startsWith("SCHEMA_REGISTRY_")
                  || (k.startsWith("COMPRESSNET_") && !k.equals("COMPRESSNET_APICURIO_HOME"));
          if (!setting) {
            env.put(k, v);
          }
        });
    return env;
  }

  Map<String, String> devstack() {
    return new HashMap<>(inherited);
  }

  Map<String, String> encoder(String bootstrap, String registryUrl) throws IOException {
    Map<String, String> env = service("encoder", bootstrap, registryUrl);
    env.put("COMPRESSNET_METRICS_PORT", Integer.toString(freePort()));
    if (model != null) {
      env.put("COMPRESSNET_MODEL_DIR", model.toAbsolutePath().toString());
    }
    env.putAll(extra);
    return env;
  }

  Map<String, String> decoder(String bootstrap, String registryUrl) throws IOException {
    Map<String, String> env = service("decoder", bootstrap, registryUrl);
    env.put("COMPRESSNET_METRICS_PORT", Integer.toString(freePort()));
    if (model != null) {
      // The decoder serves every bundle in a directory of bundles: the model's parent.
      env.put("COMPRESSNET_MODELS_DIR", model.toAbsolutePath().getParent().toString());
    }
    env.putAll(extra);
    return env;
  }

  Map<String, String> monitor(String bootstrap, String registryUrl) throws IOException {
    Map<String, String> env = service("monitor", bootstrap, registryUrl);
    env.put("COMPRESSNET_DASHBOARD_PORT", Integer.toString(freePort()));
    env.putAll(extra);
    return env;
  }

  private Map<String, String> service(String name, String bootstrap, String registryUrl) {
    Map<String, String> env = new HashMap<>(inherited);
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("SCHEMA_REGISTRY_URL", registryUrl);
    env.put("KAFKA_STATE_DIR", stateRoot.resolve(name).toString());
    return env;
  }

  /** A port free on 127.0.0.1 just now (the service binds it a moment later). */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
