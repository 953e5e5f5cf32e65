package io.compressnet.cli;

import io.compressnet.monitor.MonitorConfig;
import io.compressnet.monitor.QualityMonitor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code compressnet monitor}: the quality monitor and its dashboard until Ctrl-C. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the quality monitor until Ctrl-C.",
      "",
      "Joins images.raw with images.reconstructed by id, writes per-image scores to"
          + " quality.images, rolling windows to quality.windows and threshold alerts to"
          + " quality.alerts, and serves a live dashboard with a JSON API and /metrics."
          + " Flags win over the config file, which wins over the environment.",
    })
final class MonitorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers.")
  String bootstrapServers;

  @Option(names = "--registry-url", paramLabel = "URL", description = "Schema Registry URL.")
  String registryUrl;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file (default: $COMPRESSNET_CONFIG_FILE, if set).")
  Path configFile;

  @Option(
      names = "--dashboard-port",
      paramLabel = "N",
      description =
          "Dashboard port (0 = any free port; default 8088 or COMPRESSNET_DASHBOARD_PORT).")
  Integer dashboardPort;

  @Option(
      names = "--dashboard-host",
      paramLabel = "ADDR",
      description = "Address the dashboard binds to (default 127.0.0.1).")
  String dashboardHost;

  @Option(names = "--no-dashboard", description = "Do not start the dashboard.")
  boolean noDashboard;

  @Option(
      names = "--sample-rate",
      paramLabel = "F",
      description = "Fraction of images to score, chosen by a hash of the id (default 1.0).")
  Double sampleRate;

  @Option(
      names = "--summary-every",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "Print the summary table every SECONDS (0 = only at exit).")
  int summaryEvery;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    MonitorConfig config;
    try {
      config = MonitorConfig.load(System.getenv(), configFile, overrides());
    } catch (ConfigException | IllegalArgumentException | java.io.UncheckedIOException e) {
      // A bad setting is a usage error (exit 2, with the setting named), not a crash.
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    QualityMonitor monitor;
    try {
      monitor = QualityMonitor.start(config);
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("compressnet monitor: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  monitor.close();
                  out.println();
                  out.print(monitor.summary().toTable());
                  out.flush();
                  stopped.countDown();
                },
                "monitor-shutdown"));
    out.println("Quality monitor started (" + config.applicationId() + ").");
    out.println("  bootstrap.servers   = " + config.get(MonitorConfig.BOOTSTRAP_SERVERS));
    out.println(
        "  schema.registry.url = "
            + config.serviceConfig().masked().get(MonitorConfig.REGISTRY_URL));
    if (monitor.dashboardPort() > 0) {
      out.println(
          "  dashboard           = http://"
              + config.dashboardHost()
              + ":"
              + monitor.dashboardPort()
              + "/");
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
    long nextSummary = System.nanoTime() + TimeUnit.SECONDS.toNanos(summaryEvery);
    while (!stopped.await(1, TimeUnit.SECONDS)) {
      if (monitor.failed()) {
        spec.commandLine()
            .getErr()
            .println("compressnet monitor: the streams client stopped on an error (see the log)");
        return 1;
      }
      if (summaryEvery > 0 && System.nanoTime() >= nextSummary) {
        nextSummary += TimeUnit.SECONDS.toNanos(summaryEvery);
        out.print(monitor.summary().toTable());
        out.println();
        out.flush();
      }
    }
    return 0;
  }

  private Map<String, String> overrides() {
    Map<String, String> o = new HashMap<>();
    o.put(MonitorConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    o.put(MonitorConfig.REGISTRY_URL, registryUrl);
    o.put(MonitorConfig.DASHBOARD_PORT, dashboardPort == null ? null : dashboardPort.toString());
    o.put(MonitorConfig.DASHBOARD_HOST, dashboardHost);
    o.put(MonitorConfig.DASHBOARD_ENABLED, noDashboard ? "false" : null);
    o.put(MonitorConfig.SAMPLE_RATE, sampleRate == null ? null : sampleRate.toString());
    return o;
  }
}
