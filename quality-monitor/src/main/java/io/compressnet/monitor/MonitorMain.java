package io.compressnet.monitor;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the quality monitor until SIGTERM / Ctrl-C, or exits 1 when its streams client stops on an
 * error. Argument: an optional properties file.
 */
public final class MonitorMain {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorMain.class);

  private MonitorMain() {}

  public static void main(String[] args) throws Exception {
    MonitorConfig config =
        MonitorConfig.load(System.getenv(), args.length > 0 ? Path.of(args[0]) : null);
    LOG.info("Starting quality monitor with {}", config);
    CountDownLatch stopped = new CountDownLatch(1);
    QualityMonitor monitor = QualityMonitor.start(config);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  monitor.close();
                  LOG.info("Stopped. Summary:\n{}", monitor.summary().toTable());
                  stopped.countDown();
                },
                "monitor-shutdown"));
    if (monitor.dashboardPort() > 0) {
      LOG.info("Dashboard on http://{}:{}/", config.dashboardHost(), monitor.dashboardPort());
    }
    while (!stopped.await(1, TimeUnit.SECONDS)) {
      if (monitor.failed()) {
        LOG.error("The streams client stopped on an error (logged above); exiting");
        System.exit(1);
      }
    }
  }
}
