package io.compressnet.monitor;

import io.compressnet.monitor.dashboard.DashboardServer;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.streams.SchemaGovernance;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.StreamThreadFailureHandler;
import io.compressnet.streams.StreamsApp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor running in this JVM: its topology on streams-common's {@link StreamsApp}, the
 * in-process {@link MonitorStats}, one Prometheus registry and (unless disabled) the dashboard.
 * This is the API the demo uses:
 *
 * <pre>{@code
 * try (QualityMonitor monitor = QualityMonitor.start(config)) {
 *   ...
 *   System.out.print(monitor.summary().toTable());
 * }
 * }</pre>
 *
 * The lifecycle is the encoder's and the decoder's: the same start, the same answer to a dying
 * stream thread ({@link StreamThreadFailureHandler}: a registry outage gets a new thread after a
 * back-off, so the record is read again, not lost; other retriable failures a capped number of new
 * threads; anything else, such as a bug, a refused login or a missing ACL, stops the streams client
 * and {@link #failed()} turns true, so the commands exit 1), the same close. What the monitor adds
 * is the dashboard and its registry: the monitor's meters, the shared service counters and the
 * Kafka Streams client metrics all live in that one registry, which the dashboard serves at {@code
 * /metrics}.
 */
public final class QualityMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QualityMonitor.class);
  static final String SERVICE = "quality-monitor";

  /**
   * The join's stream time is the maximum over the raw and the reconstructed partition of a task;
   * without idling, a task that has fetched later reconstructions but not yet the originals before
   * them advances stream time, expires the waiting reconstructions as orphans and then counts their
   * originals as late. Waiting up to a second for a partition known to have data keeps the two
   * inputs in timestamp order.
   */
  static final long DEFAULT_MAX_TASK_IDLE_MS = 1000;

  private final MonitorStats stats;
  private final PrometheusMeterRegistry prometheus;
  private final StreamsApp app;
  private final DashboardServer dashboard;
  private final SchemaRegistryClient ownedRegistry;
  private final AtomicBoolean closed = new AtomicBoolean();

  private QualityMonitor(
      MonitorStats stats,
      PrometheusMeterRegistry prometheus,
      StreamsApp app,
      DashboardServer dashboard,
      SchemaRegistryClient ownedRegistry) {
    this.stats = stats;
    this.prometheus = prometheus;
    this.app = app;
    this.dashboard = dashboard;
    this.ownedRegistry = ownedRegistry;
  }

  /** Starts the monitor with a REST registry client built from the config (closed with it). */
  public static QualityMonitor start(MonitorConfig config) {
    SchemaRegistryClient registry =
        new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(config.serdeConfigs()));
    try {
      return start(config, registry, registry);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  /** Starts the monitor with a registry client owned by the caller. */
  public static QualityMonitor start(MonitorConfig config, SchemaRegistryClient registry) {
    return start(config, registry, null);
  }

  private static QualityMonitor start(
      MonitorConfig config, SchemaRegistryClient registry, SchemaRegistryClient owned) {
    registerOutputSchemas(config, registry);
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ServiceMetrics metrics = new ServiceMetrics(prometheus, SERVICE);
    MonitorStats stats =
        new MonitorStats()
            .forwardTo(new MonitorMetrics(prometheus))
            .forwardTo(new ServiceMetricsListener(metrics));
    StreamsApp app;
    try {
      app =
          StreamsApp.start(
              MonitorTopology.buildTopology(config, registry, stats),
              config.serviceConfig(),
              metrics,
              streamsDefaults());
    } catch (RuntimeException e) {
      prometheus.close();
      throw e;
    }
    stats.readTotalsFrom(MonitorTotals.of(app.streams()));
    try {
      DashboardServer dashboard =
          config.dashboardEnabled() ? startDashboard(config, stats, prometheus) : null;
      return new QualityMonitor(stats, prometheus, app, dashboard, owned);
    } catch (RuntimeException e) {
      app.close();
      prometheus.close();
      throw e;
    }
  }

  /**
   * The Kafka Streams settings the monitor needs beyond every service's: {@code max.task.idle.ms} =
   * {@value #DEFAULT_MAX_TASK_IDLE_MS} (see there), unless configured.
   */
  static Map<String, String> streamsDefaults() {
    return Map.of(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(DEFAULT_MAX_TASK_IDLE_MS));
  }

  /**
   * Registers the output schemas before the stream thread starts (a first registration inside an
   * exactly-once transaction can take seconds on a busy machine and, with other delays, outlast the
   * transaction, which fences the thread into a state restore) and checks their compatibility
   * levels, as {@link StreamsApp#runWithRegistry} does for the other services.
   */
  private static void registerOutputSchemas(MonitorConfig config, SchemaRegistryClient registry) {
    SchemaGovernance.prepare(
        registry,
        List.of(
            new SchemaGovernance.Output(
                Topics.valueSubject(Topics.QUALITY_IMAGES), ImageQuality.getClassSchema()),
            new SchemaGovernance.Output(
                Topics.valueSubject(Topics.QUALITY_WINDOWS), QualityWindow.getClassSchema()),
            new SchemaGovernance.Output(
                Topics.valueSubject(Topics.QUALITY_ALERTS), QualityAlert.getClassSchema())),
        config.serviceConfig());
  }

  private static DashboardServer startDashboard(
      MonitorConfig config, MonitorStats stats, PrometheusMeterRegistry prometheus) {
    DashboardServer server =
        DashboardServer.start(
            stats,
            prometheus,
            Map.of(
                "ssimMin", config.alertSsimMin(),
                "psnrMin", config.alertPsnrMin(),
                "missingMax", config.alertMissingMaxRatio()),
            config.dashboardHost(),
            config.dashboardPort(),
            config.dashboardSecurity());
    warnIfOpen(config);
    return server;
  }

  /** Bound beyond the loopback address with no credentials: anyone who can reach it reads it. */
  private static void warnIfOpen(MonitorConfig config) {
    String host = config.dashboardHost();
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    if (!loopback && config.dashboardSecurity().basicAuth().isEmpty()) {
      LOG.warn(
          "The dashboard is bound to {} without authentication: set {} and {} (and {} for HTTPS)",
          host,
          MonitorConfig.DASHBOARD_AUTH_USER,
          MonitorConfig.DASHBOARD_AUTH_PASSWORD,
          MonitorConfig.DASHBOARD_TLS_KEYSTORE);
    }
  }

  /**
   * Everything this monitor application has scored (all models, its tasks' partitions), read from
   * its exactly-once state stores: the figures survive a restart and never count a retried record
   * twice.
   */
  public MonitorSummary summary() {
    return stats.summary();
  }

  public MonitorStats stats() {
    return stats;
  }

  public KafkaStreams.State state() {
    return app.streams().state();
  }

  /** Whether the streams client stopped on an error it does not retry (see the class comment). */
  public boolean failed() {
    return app.failed();
  }

  /** Waits up to {@code timeout} for the streams client to run; false if it did not get there. */
  public boolean awaitRunning(Duration timeout) {
    return app.awaitRunning(timeout);
  }

  /** Blocks until the streams client stops (closed, or failed: see {@link #failed()}). */
  public void awaitStop() {
    app.awaitStop();
  }

  /** The dashboard's port, or -1 when it is disabled. */
  public int dashboardPort() {
    return dashboard == null ? -1 : dashboard.port();
  }

  /** Prometheus exposition of the monitor's registry (also served at /metrics). */
  public String scrape() {
    return prometheus.scrape();
  }

  /**
   * Closes the dashboard first (so no request reads a closing client), then the streams client with
   * its metrics binder and endpoint, then the meter registry and the registry client the monitor
   * owns. A dashboard that fails to close does not keep the streams client open, nor a streams
   * client the registries. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (dashboard != null) {
        dashboard.close();
      }
    } finally {
      try {
        app.close();
      } finally {
        prometheus.close();
        if (ownedRegistry != null) {
          ownedRegistry.close();
        }
      }
    }
  }
}
