package io.compressnet.monitor;

import static io.compressnet.monitor.MonitorFixture.MODEL;
import static io.compressnet.monitor.MonitorFixture.changed;
import static io.compressnet.monitor.MonitorFixture.image;
import static io.compressnet.monitor.MonitorFixture.pattern;
import static io.compressnet.monitor.MonitorFixture.recon;
import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.schemas.avro.AlertState;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The summary's figures live in the topology's state stores; the in-process views dedupe. */
class MonitorTotalsTest {

  @Test
  void shouldKeepTheSummaryFiguresInTheTopologysStateStores() {
    try (MonitorFixture f = new MonitorFixture(MonitorConfig.defaultConfig())) {
      // Given three scored pairs, one record that is not Avro and one tombstone
      byte[] p = pattern();
      for (int i = 0; i < 3; i++) {
        f.sendPair("img-" + i, 100_000 + i, p, changed(p, 10 * (i + 1), 20), 40);
      }
      f.raw.pipeInput("bad".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
      f.raw.pipeInput("gone".getBytes(StandardCharsets.UTF_8), (byte[]) null);

      // When the stores are read directly
      KeyValueStore<String, WindowAggregate> totals =
          f.driver.getKeyValueStore(MonitorTotals.TOTALS_STORE);
      KeyValueStore<String, Long> events = f.driver.getKeyValueStore(MonitorTotals.EVENTS_STORE);

      // Then they hold exactly what the summary reports
      assertThat(totals.get(MODEL).count()).isEqualTo(3);
      assertThat(events.get(MonitorTotals.DEAD_LETTERS)).isEqualTo(1L);
      assertThat(events.get(MonitorTotals.TOMBSTONES)).isEqualTo(1L);
      MonitorSummary summary = f.stats.summary();
      assertThat(summary.count()).isEqualTo(3);
      assertThat(summary.deadLetters()).isEqualTo(1);
      assertThat(summary.tombstones()).isEqualTo(1);
      double meanSsim =
          f.qualities.readValuesToList().stream().mapToDouble(ImageQuality::getSsim).sum() / 3;
      assertThat(summary.meanSsim())
          .isEqualTo(meanSsim, org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void shouldReportNothingBeforeTheTotalsCanBeRead() {
    // Given a listener that no topology's stores back yet
    MonitorStats stats = new MonitorStats();

    // When / Then
    assertThat(stats.summary().count()).isZero();
    assertThat(stats.deadLetters()).isZero();
  }

  @Test
  void shouldShowAnImageScoredAgainByARetriedTaskOnce() {
    // Given
    MonitorStats stats = new MonitorStats();
    ImageQuality q = quality("img-1");
    byte[] p = pattern();

    // When the same score is reported twice
    stats.onScored(q, image("img-1", 1_000, p), recon("img-1", 1_000, p, 1_040));
    stats.onScored(q, image("img-1", 1_000, p), recon("img-1", 1_000, p, 1_040));

    // Then the strip holds it once
    assertThat(stats.images()).hasSize(1);
  }

  @Test
  void shouldReplaceAWindowEmittedAgainByARetriedTask() {
    // Given
    MonitorStats stats = new MonitorStats();

    // When the window [0, 60 s) comes twice and then [10 s, 70 s)
    stats.onWindow(window(0, 60_000, 5));
    stats.onWindow(window(0, 60_000, 5));
    stats.onWindow(window(10_000, 70_000, 7));

    // Then each window is shown once
    assertThat(stats.windows(MODEL, "time"))
        .extracting(QualityWindow::getCount)
        .containsExactly(5L, 7L);
  }

  @Test
  void shouldSkipAnAlertStateRepeatedByARetriedTask() {
    // Given
    MonitorStats stats = new MonitorStats();

    // When FIRING comes twice, then RESOLVED
    stats.onAlert(alert(AlertState.FIRING, 1));
    stats.onAlert(alert(AlertState.FIRING, 2));
    stats.onAlert(alert(AlertState.RESOLVED, 3));

    // Then the history shows one change each
    assertThat(stats.alerts())
        .extracting(QualityAlert::getState)
        .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
    assertThat(stats.firing()).isEmpty();
  }

  private static ImageQuality quality(String id) {
    return ImageQuality.newBuilder()
        .setId(id)
        .setSource(MonitorFixture.SOURCE)
        .setModelId(MODEL)
        .setCapturedAt(Instant.ofEpochMilli(1_000))
        .setMse(0.01)
        .setSsim(0.9)
        .setPsnr(20)
        .setRawBytes(784)
        .setLatentBytes(32)
        .setLatencyMs(40)
        .setScoredAt(Instant.ofEpochMilli(2_000))
        .build();
  }

  private static QualityWindow window(long start, long end, int images) {
    WindowAggregate aggregate = new WindowAggregate();
    for (int i = 0; i < images; i++) {
      aggregate.add(ScoreEvent.scored(0.01, 0.9, 784, 32, 40));
    }
    return aggregate.toWindow(MODEL, "time", start, end);
  }

  private static QualityAlert alert(AlertState state, long raisedAt) {
    return QualityAlert.newBuilder()
        .setModelId(MODEL)
        .setRule("ssim-min")
        .setState(state)
        .setMetric("meanSsim")
        .setValue(0.9)
        .setThreshold(0.95)
        .setWindowStart(Instant.ofEpochMilli(0))
        .setWindowEnd(Instant.ofEpochMilli(60_000))
        .setRaisedAt(Instant.ofEpochMilli(raisedAt))
        .setMessage("mean SSIM below 0.95")
        .build();
  }
}
