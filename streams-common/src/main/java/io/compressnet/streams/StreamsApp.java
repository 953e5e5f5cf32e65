package io.compressnet.streams;

import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one topology as a service: starts {@link KafkaStreams} and the metrics endpoint, sizes its
 * stream threads to the load ({@link StreamThreadScaler}), replaces a stream thread that died of a
 * transient failure (a Schema Registry outage, with a growing back-off and no limit; a retriable
 * Kafka error, a limited number of times: {@link ThreadReplacementPolicy}), shuts the client down
 * on anything else, and closes everything on {@link #close()} (which a JVM shutdown hook calls on
 * SIGTERM / Ctrl-C when {@link #runUntilShutdown} is used).
 */
public final class StreamsApp implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  private final KafkaStreams streams;
  private final ServiceMetrics metrics;
  private final MetricsServer metricsServer;
  private final AutoCloseable streamsMetrics;
  private final StreamThreadScaler scaler;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean failed;

  private final Properties props;

  private StreamsApp(
      KafkaStreams streams,
      Properties props,
      ServiceMetrics metrics,
      MetricsServer metricsServer,
      StreamThreadScaler scaler) {
    this.streams = streams;
    this.props = props;
    this.metrics = metrics;
    this.metricsServer = metricsServer;
    this.scaler = scaler;
    this.streamsMetrics = metrics.bindStreams(streams);
  }

  /**
   * Starts {@code topology} with {@code config}'s streams properties; the metrics endpoint is
   * started when {@link ServiceConfig#METRICS_PORT} is non-zero.
   */
  public static StreamsApp start(Topology topology, ServiceConfig config, ServiceMetrics metrics) {
    return start(topology, config, metrics, Map.of());
  }

  /**
   * As {@link #start(Topology, ServiceConfig, ServiceMetrics)}, with the service's own Kafka
   * Streams defaults: each entry of {@code streamsDefaults} is used unless the config sets that
   * property itself (the quality monitor's {@code max.task.idle.ms}, which its join needs but the
   * inference services do not). The Kafka Streams client metrics go to {@code metrics}' registry,
   * so a service that builds its {@link ServiceMetrics} on its own registry serves them with its
   * own meters.
   */
  public static StreamsApp start(
      Topology topology,
      ServiceConfig config,
      ServiceMetrics metrics,
      Map<String, String> streamsDefaults) {
    Objects.requireNonNull(topology, "topology");
    LOG.info("Starting {} with config:\n{}", metrics.service(), config.toMaskedString());
    Properties props = streamsProperties(config, streamsDefaults);
    MetricsServer server = MetricsServer.startIfEnabled(config, metrics).orElse(null);
    KafkaStreams streams;
    try {
      streams = new KafkaStreams(topology, props);
    } catch (RuntimeException e) {
      if (server != null) {
        server.close();
      }
      throw e;
    }
    // The scaler acts only once the client is RUNNING, so it can be armed before the start.
    StreamThreadScaler scaler =
        StreamThreadScaler.startIfEnabled(streams, config, metrics.service()).orElse(null);
    StreamsApp app = new StreamsApp(streams, props, metrics, server, scaler);
    StreamThreadFailureHandler failures = new StreamThreadFailureHandler(metrics.service());
    streams.setUncaughtExceptionHandler(
        error -> {
          if (scaler != null) {
            scaler.onThreadFailure();
          }
          return failures.handle(error);
        });
    streams.setStateListener(
        (now, before) -> {
          LOG.info("{}: {} -> {}", metrics.service(), before, now);
          if (now == KafkaStreams.State.ERROR) {
            app.failed = true;
          }
          if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
            app.stopped.countDown();
          }
        });
    streams.start();
    return app;
  }

  /**
   * The streams properties of {@code config}, then the service's {@code defaults} where the config
   * is silent, then the group-membership defaults and the stream threads to start with.
   */
  static Properties streamsProperties(ServiceConfig config, Map<String, String> defaults) {
    Properties props = config.streamsProperties();
    defaults.forEach(props::putIfAbsent);
    GroupMembership.applyDefaults(props);
    StreamThreadScaler.applyStartingThreads(config, props);
    return props;
  }

  /** Builds a service's topology from its registry client and metrics. */
  @FunctionalInterface
  public interface TopologyFactory {
    Topology build(SchemaRegistryClient registry, ServiceMetrics metrics);
  }

  /**
   * The whole life of a service: Prometheus metrics named {@code service}, a REST registry client
   * from {@code config}, the {@link SchemaGovernance} check of the subjects it writes ({@code
   * outputs}), the topology from {@code factory}, then {@link #runUntilShutdown}. The client is
   * closed on every path, also when building the topology fails.
   */
  public static int runWithRegistry(
      String service,
      ServiceConfig config,
      List<SchemaGovernance.Output> outputs,
      TopologyFactory factory) {
    ServiceMetrics metrics = ServiceMetrics.prometheus(service);
    SchemaRegistryClient registry =
        new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(config.serdeConfigs()));
    Topology topology;
    try {
      SchemaGovernance.prepare(registry, outputs, config);
      topology = factory.build(registry, metrics);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
    return runUntilShutdown(topology, config, metrics, registry);
  }

  /**
   * Starts the app, closes it from a shutdown hook on SIGTERM / Ctrl-C, and blocks until it stops.
   *
   * @return a process exit code: 0 after a clean shutdown, 1 when the streams client failed
   */
  public static int runUntilShutdown(
      Topology topology, ServiceConfig config, ServiceMetrics metrics, AutoCloseable resources) {
    StreamsApp app = start(topology, config, metrics);
    Thread hook =
        new Thread(
            () -> {
              app.close();
              closeQuietly(resources);
            },
            metrics.service() + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    app.awaitStop();
    boolean failed = app.failed;
    app.close();
    closeQuietly(resources);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs (and finds everything closed).
    }
    return failed ? 1 : 0;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public ServiceMetrics metrics() {
    return metrics;
  }

  /** The metrics endpoint's port, or -1 when it is disabled. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.port();
  }

  /** Whether the client went to ERROR (all threads died or a fatal error). */
  public boolean failed() {
    return failed;
  }

  /** Blocks until the client stops (NOT_RUNNING or ERROR). */
  public void awaitStop() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits up to {@code timeout} for state RUNNING; false if it did not get there. */
  public boolean awaitRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (streams.state() == KafkaStreams.State.RUNNING) {
        return true;
      }
      if (stopped.getCount() == 0) {
        return false;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /**
   * Failures worth a new thread: the registry is down (the record is re-read after the abort) or
   * Kafka says the error is retriable. Bugs, bad models and bad configuration are not.
   */
  static boolean isTransient(Throwable error) {
    if (DeadLetters.isRegistryOutage(error)) {
      return true;
    }
    for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof RetriableException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Closes the streams client (up to 30 s; leaving the group unless membership is static, see
   * {@link GroupMembership}), the metrics binder and the endpoint. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      closeQuietly(scaler);
      streams.close(GroupMembership.closeOptions(props, CLOSE_TIMEOUT));
    } finally {
      closeQuietly(streamsMetrics);
      if (metricsServer != null) {
        metricsServer.close();
      }
      stopped.countDown();
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed: {}", resource, e.toString());
    }
  }
}
