package io.compressnet.monitor;

import io.compressnet.monitor.dashboard.DashboardServer;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.streams.GroupMembership;
import io.compressnet.streams.SchemaGovernance;
import io.compressnet.streams.StreamThreadFailureHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor running in this JVM: Kafka Streams, the in-process {@link MonitorStats}, Prometheus
 * meters and (unless disabled) the dashboard. This is the API the demo uses:
 *
 * <pre>{@code
 * try (QualityMonitor monitor = QualityMonitor.start(config)) {
 *   ...
 *   System.out.print(monitor.summary().toTable());
 * }
 * }</pre>
 *
 * A stream thread that dies is handled as in every service ({@link StreamThreadFailureHandler}): a
 * registry outage gets a new thread after a back-off (the record is read again, not lost), other
 * retriable failures a capped number of new threads, anything else (a bug, a refused login, a
 * missing ACL) stops the streams client: {@link #failed()} turns true and the commands exit 1.
 */
public final class QualityMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QualityMonitor.class);
  private static final String SERVICE = "quality-monitor";
  private final AtomicBoolean closed = new AtomicBoolean();

  private final MonitorStats stats;
  private final PrometheusMeterRegistry prometheus;
  private final KafkaStreams streams;
  private final DashboardServer dashboard;
  private final SchemaRegistryClient ownedRegistry;
  private final Properties streamsProps;

  private QualityMonitor(
      MonitorConfig config, SchemaRegistryClient registry, boolean ownsRegistry) {
    this.ownedRegistry = ownsRegistry ? registry : null;
    registerOutputSchemas(config, registry);
    this.stats = new MonitorStats();
    this.streamsProps = kafkaProperties(config);
    this.prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    stats.forwardTo(new MonitorMetrics(prometheus));
    this.streams =
        new KafkaStreams(MonitorTopology.buildTopology(config, registry, stats), streamsProps);
    streams.setUncaughtExceptionHandler(new StreamThreadFailureHandler(SERVICE));
    DashboardServer server = null;
    try {
      streams.start();
      if (config.dashboardEnabled()) {
        server =
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
      }
    } catch (RuntimeException e) {
      streams.close(Duration.ofSeconds(10));
      throw e;
    }
    this.dashboard = server;
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
   * Registers the output schemas before the stream thread starts (a first registration inside an
   * exactly-once transaction can take seconds on a busy machine and, with other delays, outlast the
   * transaction, which fences the thread into a state restore) and checks their compatibility
   * levels: the monitor has its own lifecycle, not {@code StreamsApp}'s, so it calls the shared
   * {@link SchemaGovernance} here.
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

  /** Starts the monitor with a REST registry client built from the config. */
  public static QualityMonitor start(MonitorConfig config) {
    SchemaRegistryClient registry =
        new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(config.serdeConfigs()));
    try {
      return new QualityMonitor(config, registry, true);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  /** Starts the monitor with a registry client owned by the caller. */
  public static QualityMonitor start(MonitorConfig config, SchemaRegistryClient registry) {
    return new QualityMonitor(config, registry, false);
  }

  /**
   * Kafka Streams settings: the pass-through properties (no CompressNet or registry keys), plus
   * {@code max.task.idle.ms} = {@value #DEFAULT_MAX_TASK_IDLE_MS} unless set. The join's stream
   * time is the maximum over the raw and the reconstructed partition of a task; without idling, a
   * task that has fetched later reconstructions but not yet the originals before them advances
   * stream time, expires the waiting reconstructions as orphans and then counts their originals as
   * late. Waiting up to a second for a partition known to have data keeps the two inputs in
   * timestamp order.
   */
  static Properties kafkaProperties(MonitorConfig config) {
    Properties props = config.streamsProperties();
    props.putIfAbsent(
        StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(DEFAULT_MAX_TASK_IDLE_MS));
    GroupMembership.applyDefaults(props);
    return props;
  }

  static final long DEFAULT_MAX_TASK_IDLE_MS = 1000;

  /** Everything scored since start (all models). */
  public MonitorSummary summary() {
    return stats.summary();
  }

  public MonitorStats stats() {
    return stats;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Whether the streams client stopped on an error it does not retry (see the class comment). */
  public boolean failed() {
    return streams.state() == KafkaStreams.State.ERROR;
  }

  /** The dashboard's port, or -1 when it is disabled. */
  public int dashboardPort() {
    return dashboard == null ? -1 : dashboard.port();
  }

  /** Prometheus exposition of the monitor's meters (also served at /metrics). */
  public String scrape() {
    return prometheus.scrape();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (dashboard != null) {
      dashboard.close();
    }
    streams.close(GroupMembership.closeOptions(streamsProps, Duration.ofSeconds(30)));
    prometheus.close();
    if (ownedRegistry != null) {
      ownedRegistry.close();
    }
  }
}
