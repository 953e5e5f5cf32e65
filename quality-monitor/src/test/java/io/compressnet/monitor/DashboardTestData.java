package io.compressnet.monitor;

import static io.compressnet.monitor.MonitorFixture.inverted;
import static io.compressnet.monitor.MonitorFixture.pattern;

import io.compressnet.monitor.dashboard.DashboardServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/**
 * A dashboard over a monitor topology that was fed real records through a TopologyTestDriver: 120
 * one-per-second pairs, inverted (bad) between 60 s and 80 s, plus one lost original, so the
 * charts, alerts and the image strip all have something to show.
 */
final class DashboardTestData implements AutoCloseable {
  static final int PAIRS = 200;
  final MonitorFixture fixture;
  final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final DashboardServer server;

  DashboardTestData() {
    fixture = new MonitorFixture(MonitorConfig.defaultConfig());
    fixture.stats.forwardTo(new MonitorMetrics(prometheus));
    byte[] p = pattern();
    fixture.sendOriginal(MonitorFixture.image("lost", 500, p), 500);
    for (int s = 0; s < PAIRS; s++) {
      boolean bad = isBad(s);
      fixture.sendPair("img-" + s, s * 1000L, p, bad ? inverted(p) : p.clone(), 20 + s % 7);
    }
    server =
        DashboardServer.start(
            fixture.stats,
            prometheus,
            Map.of("ssimMin", 0.95, "psnrMin", 22.0, "missingMax", 0.01),
            "127.0.0.1",
            0);
  }

  static boolean isBad(int second) {
    return (second >= 60 && second < 80) || (second >= 190 && second < 195);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  @Override
  public void close() {
    server.close();
    fixture.close();
    prometheus.close();
  }
}
