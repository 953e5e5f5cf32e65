package io.compressnet.monitor;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the quality monitor until SIGTERM / Ctrl-C, or exits 1 when its streams client stops on an
 * error. Argument: an optional properties file.
 */
public final class MonitorMain {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorMain.class);

  private MonitorMain() {}

  public static void main(String[] args) {
    MonitorConfig config =
        MonitorConfig.load(System.getenv(), args.length > 0 ? Path.of(args[0]) : null);
    // StreamsApp logs the (masked) config as it starts.
    QualityMonitor monitor = QualityMonitor.start(config);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  monitor.close();
                  LOG.info("Stopped. Summary:\n{}", monitor.summary().toTable());
                },
                "monitor-shutdown"));
    if (monitor.dashboardPort() > 0) {
      LOG.info("Dashboard on http://{}:{}/", config.dashboardHost(), monitor.dashboardPort());
    }
    // Returns when the hook has closed the monitor, or when the streams client stopped by itself.
    monitor.awaitStop();
    if (monitor.failed()) {
      LOG.error("The streams client stopped on an error (logged above); exiting");
      System.exit(1);
    }
  }
}
