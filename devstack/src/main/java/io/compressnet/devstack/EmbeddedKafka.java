package io.compressnet.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker running in this JVM: KRaft mode, one process acting as
 * both broker and controller, listeners on 127.0.0.1 only, every replication factor 1 (including
 * the consumer-offsets and transaction-state topics, so exactly-once works on one node).
 *
 * <p>The storage directory is formatted in code the first time; {@link #stop()} followed by {@link
 * #restart()} brings the same broker back on the same log directory and ports, with its data.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final Path logDir;
  private final boolean ownsLogDir;
  private final int brokerPort;
  private final int controllerPort;
  private final Map<String, String> extraProperties;

  /** Extra listener name → security protocol and port, e.g. SECURE → SASL_SSL on a free port. */
  private final Map<String, ExtraListener> extraListeners;

  private KafkaRaftServer server;
  private Duration lastStartupTime = Duration.ZERO;

  private EmbeddedKafka(Builder builder) throws IOException {
    this.ownsLogDir = builder.logDir == null;
    this.logDir =
        ownsLogDir
            ? Files.createTempDirectory("compressnet-kafka-")
            : builder.logDir.toAbsolutePath();
    this.brokerPort = builder.port > 0 ? builder.port : FreePorts.find();
    this.controllerPort = builder.controllerPort > 0 ? builder.controllerPort : FreePorts.find();
    this.extraProperties = Map.copyOf(builder.brokerProperties);
    Map<String, ExtraListener> listeners = new LinkedHashMap<>();
    builder.extraListeners.forEach(
        (name, protocol) -> listeners.put(name, new ExtraListener(protocol, FreePorts.find())));
    this.extraListeners = Map.copyOf(listeners);
  }

  private record ExtraListener(String securityProtocol, int port) {}

  /** Starts a broker on free ports with a temporary log directory. */
  public static EmbeddedKafka start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return HOST + ":" + brokerPort;
  }

  public int port() {
    return brokerPort;
  }

  /**
   * {@code 127.0.0.1:port} of an extra listener added with {@link Builder#listener}; clients of it
   * need that listener's security settings.
   */
  public String bootstrapServers(String listenerName) {
    ExtraListener listener = extraListeners.get(listenerName);
    if (listener == null) {
      throw new IllegalArgumentException(
          "no listener " + listenerName + "; extra listeners: " + extraListeners.keySet());
    }
    return HOST + ":" + listener.port();
  }

  public Path logDir() {
    return logDir;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Wall-clock time of the most recent (re)start, from format/startup to a broker answering. */
  public Duration lastStartupTime() {
    return lastStartupTime;
  }

  /**
   * Creates the topics with the given partition count and replication factor 1; topics that already
   * exist are left as they are.
   */
  public void createTopics(Collection<String> names, int partitions) {
    List<NewTopic> topics =
        names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList();
    try (Admin admin = admin()) {
      var results = admin.createTopics(topics).values();
      for (var entry : results.entrySet()) {
        try {
          entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "Could not create topic " + entry.getKey() + ": " + e.getCause().getMessage(),
                e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics " + names, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out creating topics " + names, e);
    }
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
    return Admin.create(props);
  }

  /** Stops the broker cleanly, waiting for its shutdown; the log directory is kept. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    long t0 = System.nanoTime();
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      server = null;
    }
    LOG.info(
        "Kafka broker {} stopped in {} ms",
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  /** Starts the broker again on the same log directory and ports. */
  public synchronized void restart() {
    stop();
    startServer();
  }

  /** Stops the broker and deletes the log directory if this instance created it. */
  @Override
  public synchronized void close() {
    try {
      stop();
    } finally {
      if (ownsLogDir) {
        deleteRecursively(logDir);
      }
    }
  }

  private synchronized void startServer() {
    long t0 = System.nanoTime();
    KafkaConfig config = new KafkaConfig(brokerConfig(), false);
    formatIfNeeded(config);
    KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      raftServer.startup();
    } catch (RuntimeException e) {
      raftServer.shutdown();
      raftServer.awaitShutdown();
      throw new IllegalStateException(
          "Kafka broker did not start on " + bootstrapServers() + ": " + e.getMessage(), e);
    }
    server = raftServer;
    awaitBrokerAnswers();
    lastStartupTime = Duration.ofNanos(System.nanoTime() - t0);
    LOG.info(
        "Kafka broker started on {} (log dir {}) in {} ms",
        bootstrapServers(),
        logDir,
        lastStartupTime.toMillis());
  }

  private Map<String, String> brokerConfig() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    StringBuilder listeners =
        new StringBuilder(
            "PLAINTEXT://"
                + HOST
                + ":"
                + brokerPort
                + ",CONTROLLER://"
                + HOST
                + ":"
                + controllerPort);
    StringBuilder advertised = new StringBuilder("PLAINTEXT://" + HOST + ":" + brokerPort);
    StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    extraListeners.forEach(
        (name, listener) -> {
          String address = "," + name + "://" + HOST + ":" + listener.port();
          listeners.append(address);
          advertised.append(address);
          protocols.append(',').append(name).append(':').append(listener.securityProtocol());
        });
    props.put("listeners", listeners.toString());
    props.put("advertised.listeners", advertised.toString());
    props.put("listener.security.protocol.map", protocols.toString());
    props.put("log.dirs", logDir.toString());
    props.put("metadata.log.dir", logDir.toString());
    // One node: every internal topic must live with a single replica.
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "6");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "6");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    // Consumers in tests and the demo should get their partitions at once.
    props.put("group.initial.rebalance.delay.ms", "0");
    props.putAll(extraProperties);
    return props;
  }

  private void formatIfNeeded(KafkaConfig config) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    Formatter formatter =
        new Formatter()
            .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
            .setNodeId(NODE_ID)
            .setClusterId(Uuid.randomUuid().toString())
            .addDirectory(logDir.toString())
            .setMetadataLogDirectory(logDir.toString())
            .setReleaseVersion(MetadataVersion.latestProduction())
            .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
            .setControllerListenerName(config.controllerListenerNames().get(0))
            .setIgnoreFormatted(true);
    try {
      Files.createDirectories(logDir);
      formatter.run();
    } catch (Exception e) {
      throw new IllegalStateException("Could not format Kafka storage in " + logDir, e);
    }
  }

  private void awaitBrokerAnswers() {
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted waiting for the broker", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Broker on " + bootstrapServers() + " does not answer", e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not delete {}: {}", dir, e.getMessage());
    }
  }

  /** Options for {@link EmbeddedKafka}. */
  public static final class Builder {
    private int port;
    private int controllerPort;
    private Path logDir;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private final Map<String, String> extraListeners = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a listener beside the PLAINTEXT one (which stays the inter-broker and admin listener),
     * on a free port of 127.0.0.1, e.g. {@code listener("SECURE", "SASL_SSL")}. Its own settings
     * (key store, SASL mechanisms, JAAS) are broker properties prefixed {@code listener.name.<name
     * in lower case>.}.
     */
    public Builder listener(String name, String securityProtocol) {
      if (!name.matches("[A-Z][A-Z0-9_]*")
          || name.equals("PLAINTEXT")
          || name.equals("CONTROLLER")) {
        throw new IllegalArgumentException("not a new listener name: " + name);
      }
      extraListeners.put(name, Objects.requireNonNull(securityProtocol));
      return this;
    }

    /** Client (PLAINTEXT) port; 0 (default) picks a free one. */
    public Builder port(int port) {
      this.port = requirePort(port);
      return this;
    }

    /** Controller (KRaft) port; 0 (default) picks a free one. */
    public Builder controllerPort(int port) {
      this.controllerPort = requirePort(port);
      return this;
    }

    /**
     * Log directory to use and keep; formatted if empty. Default: a temporary directory deleted on
     * {@link EmbeddedKafka#close()}.
     */
    public Builder logDir(Path logDir) {
      this.logDir = Objects.requireNonNull(logDir);
      return this;
    }

    /** Extra broker setting, applied after (and so overriding) the defaults. */
    public Builder brokerProperty(String key, String value) {
      brokerProperties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    public Builder brokerProperties(Map<String, String> properties) {
      properties.forEach(this::brokerProperty);
      return this;
    }

    public EmbeddedKafka start() {
      EmbeddedKafka kafka;
      try {
        kafka = new EmbeddedKafka(this);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not create a Kafka log directory", e);
      }
      try {
        kafka.startServer();
        return kafka;
      } catch (RuntimeException e) {
        kafka.close();
        throw e;
      }
    }

    private static int requirePort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Not a port: " + port);
      }
      return port;
    }
  }
}
