package io.compressnet.monitor;

import static io.compressnet.monitor.MonitorFixture.MODEL;
import static io.compressnet.monitor.MonitorFixture.SCORED_AT;
import static io.compressnet.monitor.MonitorFixture.SIDE;
import static io.compressnet.monitor.MonitorFixture.SOURCE;
import static io.compressnet.monitor.MonitorFixture.changed;
import static io.compressnet.monitor.MonitorFixture.image;
import static io.compressnet.monitor.MonitorFixture.inverted;
import static io.compressnet.monitor.MonitorFixture.pattern;
import static io.compressnet.monitor.MonitorFixture.recon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.compressnet.imaging.metrics.ImageMetrics;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.AlertState;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.registry.RegistryUnavailableException;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class MonitorTopologyTest {

  private static final double TOL = 1e-12;
  private final MonitorConfig defaults = MonitorConfig.defaultConfig();

  @Test
  void shouldScoreIdenticalPairWithSsimOneAndCappedPsnr() {
    try (MonitorFixture f = new MonitorFixture(defaults)) {
      // Given an original and an identical reconstruction decoded 250 ms after capture
      byte[] p = pattern();
      f.sendPair("img-1", 100_000, p, p.clone(), 250);

      // Then one whole ImageQuality record with the exact values
      ImageQuality expected =
          ImageQuality.newBuilder()
              .setId("img-1")
              .setSource(SOURCE)
              .setModelId(MODEL)
              .setCapturedAt(Instant.ofEpochMilli(100_000))
              .setMse(0.0)
              .setSsim(1.0)
              .setPsnr(ImageMetrics.PSNR_CAP_DB)
              .setRawBytes(SIDE * SIDE)
              .setLatentBytes(32)
              .setLatencyMs(250)
              .setScoredAt(Instant.ofEpochMilli(SCORED_AT))
              .build();
      assertThat(f.qualities.readKeyValuesToList())
          .containsExactly(new org.apache.kafka.streams.KeyValue<>("img-1", expected));
      assertThat(f.dlq.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldScoreKnownPixelChangeWithExactMseAndPsnr() {
    try (MonitorFixture f = new MonitorFixture(defaults)) {
      // Given one pixel of 784 off by 51 grey levels = 0.2 in [0, 1]: MSE = 0.04 / 784
      byte[] p = pattern();
      f.sendPair("img-1", 100_000, p, changed(p, 1, 51), 10);

      ImageQuality q = f.qualities.readValue();
      assertThat(q.getMse()).isCloseTo(0.04 / 784, within(1e-15));
      assertThat(q.getPsnr()).isCloseTo(10 * Math.log10(784 / 0.04), within(TOL));
      assertThat(q.getSsim()).isLessThan(1.0).isGreaterThan(0.99);
      assertThat(q.getSsim()).isEqualTo(ImageMetrics.ssim(p, changed(p, 1, 51), SIDE, SIDE));
    }
  }

  @Test
  void shouldScoreAnRgbPairOverAllValuesWithSsimAveragedOverChannels() {
    try (MonitorFixture f = new MonitorFixture(defaults)) {
      // Given an RGB original (the pattern in R, inverted in G, constant B) and one value off by 51
      byte[] gray = pattern();
      byte[] original = new byte[gray.length * 3];
      for (int i = 0; i < gray.length; i++) {
        original[3 * i] = gray[i];
        original[3 * i + 1] = (byte) (255 - (gray[i] & 0xFF));
        original[3 * i + 2] = 100;
      }
      byte[] rebuilt = original.clone();
      rebuilt[1] =
          (byte) ((rebuilt[1] & 0xFF) > 127 ? (rebuilt[1] & 0xFF) - 51 : (rebuilt[1] & 0xFF) + 51);
      f.sendOriginal(
          ImageEvent.newBuilder(image("rgb-1", 100_000, original)).setChannels(3).build(), 100_000);
      f.sendReconstruction(
          ReconstructedImage.newBuilder(recon("rgb-1", 100_000, rebuilt, 100_010))
              .setChannels(3)
              .build(),
          100_000);
      // Then MSE is over all 3 x 784 values and SSIM the mean of the three channels'
      ImageQuality q = f.qualities.readValue();
      assertThat(q.getMse()).isCloseTo(0.04 / (3 * 784), within(1e-15));
      assertThat(q.getSsim()).isEqualTo(ImageMetrics.ssim(original, rebuilt, SIDE, SIDE, 3));
      assertThat(q.getRawBytes()).isEqualTo(3 * 784);
      assertThat(f.dlq.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldDeadLetterAReconstructionWhoseChannelsDifferFromItsOriginal() {
    try (MonitorFixture f = new MonitorFixture(defaults)) {
      // Given a grayscale original and an RGB reconstruction of the same size
      byte[] p = pattern();
      f.sendOriginal(image("img-1", 100_000, p), 100_000);
      ReconstructedImage rgb =
          ReconstructedImage.newBuilder(recon("img-1", 100_000, new byte[p.length * 3], 100_010))
              .setChannels(3)
              .build();
      f.sendReconstruction(rgb, 100_000);
      // Then nothing is scored and the reconstruction is dead-lettered with the reason
      assertThat(f.qualities.isEmpty()).isTrue();
      var letter = f.dlq.readRecord();
      assertThat(header(letter.headers(), "compressnet.dlq.error.message"))
          .isEqualTo("reconstruction img-1 has 3 channel(s) but its original has 1");
    }
  }

  @Test
  void shouldWriteDeadLettersToTheConfiguredDlqTopic() {
    // Given the monitor told to use another dead-letter topic
    MonitorConfig config =
        MonitorConfig.load(Map.of(), null, Map.of("compressnet.topic.dlq", "monitor.dlq"));
    try (MonitorFixture f = new MonitorFixture(config)) {
      // When an original cannot be read
      f.raw.pipeInput(MonitorFixture.key("bad-1"), new byte[] {7, 7, 7});
      // Then its dead letter is on that topic (the fixture reads the configured one)
      assertThat(f.dlq.readRecordsToList()).hasSize(1);
      assertThat(config.dlqTopic()).isEqualTo("monitor.dlq");
    }
  }

  @Test
  void shouldPublishExactHoppingWindowAggregates() {
    try (MonitorFixture f = new MonitorFixture(defaults)) {
      // Given four pairs with 1..4 changed pixels and latencies 10..40 ms, inside 100..103 s
      byte[] p = pattern();
      double[] ssim = new double[4];
      double sumPsnr = 0;
      for (int i = 0; i < 4; i++) {
        byte[] r = changed(p, i + 1, 51);
        ssim[i] = ImageMetrics.ssim(p, r, SIDE, SIDE);
        sumPsnr += 10 * Math.log10(784 / (0.04 * (i + 1)));
        f.sendPair("img-" + i, 100_000 + 1000L * i, p, r, 10L * (i + 1));
      }
      // When stream time passes the end of every window holding them (+ 5 s grace)
      f.sendPair("later", 300_000, p, p.clone(), 5);

      // Then the six 60 s windows advancing by 10 s that contain 100..103 s, each exact
      List<QualityWindow> windows = f.windowsOfKind("time");
      assertThat(windows)
          .extracting(w -> w.getWindowStart().toEpochMilli())
          .containsExactly(50_000L, 60_000L, 70_000L, 80_000L, 90_000L, 100_000L);
      double meanMse = 0.04 * 10 / 4 / 784;
      for (QualityWindow w : windows) {
        assertThat(w.getModelId()).isEqualTo(MODEL);
        assertThat(w.getWindowEnd().toEpochMilli() - w.getWindowStart().toEpochMilli())
            .isEqualTo(60_000);
        assertThat(w.getCount()).isEqualTo(4);
        assertThat(w.getMissing()).isZero();
        assertThat(w.getMeanMse()).isCloseTo(meanMse, within(1e-15));
        assertThat(w.getAggregatePsnr()).isCloseTo(10 * Math.log10(1 / meanMse), within(TOL));
        assertThat(w.getMeanPsnr()).isCloseTo(sumPsnr / 4, within(TOL));
        assertThat(w.getMeanSsim())
            .isCloseTo((ssim[0] + ssim[1] + ssim[2] + ssim[3]) / 4, within(TOL));
        assertThat(w.getMinSsim()).isEqualTo(ssim[3]);
        // p05 of 4 values is the smallest; histogram resolution 0.001, clamped to [min, max]
        assertThat(w.getP05Ssim()).isCloseTo(ssim[3], within(0.0005));
        // nearest rank: p50 = 2nd of 4, p99 = 4th of 4; exact below 1 s
        assertThat(w.getLatencyP50Ms()).isEqualTo(20.0);
        assertThat(w.getLatencyP99Ms()).isEqualTo(40.0);
        assertThat(w.getCompressionRatio()).isEqualTo(784.0 / 32);
      }
    }
  }

  @Test
  void shouldCountMissingAndLateReconstructions() {
    try (MonitorFixture f = new MonitorFixture(defaults)) {
      byte[] p = pattern();
      // Given a scored pair (so the source's model is known), then two originals whose
      // reconstructions do not come within the 30 s join window + 10 s grace
      f.sendPair("p", 99_000, p, p.clone(), 5);
      f.sendOriginal(image("a", 100_000, p), 100_000);
      f.sendOriginal(image("b", 100_000, p), 100_000);
      // When stream time reaches 150 s, and b's reconstruction arrives after that
      f.sendPair("c", 150_000, p, p.clone(), 5);
      f.sendReconstruction(recon("b", 100_000, p, 100_500), 100_500);
      f.sendPair("d", 300_000, p, p.clone(), 5);

      // Then a and b are missing (b's reconstruction is late), only p, c, d are scored
      assertThat(f.qualityIds()).containsExactly("p", "c", "d");
      assertThat(f.stats.missing()).isEqualTo(2);
      assertThat(f.stats.late()).isEqualTo(1);
      assertThat(f.stats.orphans()).isZero();
      // and the windows open at detection time (150 s) carry them next to c
      List<QualityWindow> windows = f.windowsOfKind("time");
      List<QualityWindow> withMissing = windows.stream().filter(w -> w.getMissing() > 0).toList();
      assertThat(withMissing)
          .extracting(w -> w.getWindowStart().toEpochMilli())
          .containsExactly(100_000L, 110_000L, 120_000L, 130_000L, 140_000L, 150_000L);
      assertThat(withMissing)
          .allSatisfy(
              w -> {
                assertThat(w.getCount()).isEqualTo(1);
                assertThat(w.getMissing()).isEqualTo(2);
                assertThat(w.getModelId()).isEqualTo(MODEL);
              });
      // Accounting: 5 originals = 3 scored + 2 missing; 4 reconstructions = 3 scored + 1 late
      assertThat(f.stats.scored() + f.stats.missing()).isEqualTo(5);
      assertThat(f.stats.scored() + f.stats.late()).isEqualTo(4);
    }
  }

  @Test
  void shouldCountOrphanReconstructionAndLateOriginal() {
    try (MonitorFixture f = new MonitorFixture(defaults)) {
      byte[] p = pattern();
      // Given a reconstruction whose original never comes within window + grace
      f.sendReconstruction(recon("x", 100_000, p, 100_010), 100_000);
      f.sendPair("y", 200_000, p, p.clone(), 5);
      // When the original finally arrives
      f.sendOriginal(image("x", 100_000, p), 100_000);

      assertThat(f.stats.orphans()).isEqualTo(1);
      assertThat(f.stats.late()).isEqualTo(1);
      assertThat(f.stats.missing()).isZero();
      assertThat(f.qualityIds()).containsExactly("y");
    }
  }

  @Test
  void shouldRaiseAlertOnceAndResolveOnceAcrossManyWindows() {
    try (MonitorFixture f = new MonitorFixture(defaults)) {
      // Given one image per second for 400 s: perfect, except inverted in [100 s, 200 s)
      byte[] p = pattern();
      for (int s = 0; s < 400; s++) {
        boolean bad = s >= 100 && s < 200;
        f.sendPair("img-" + s, s * 1000L, p, bad ? inverted(p) : p.clone(), 20);
      }

      // Then dozens of windows, but exactly one FIRING and one RESOLVED per rule
      assertThat(f.windowsOfKind("time")).hasSizeGreaterThan(30);
      List<QualityAlert> alerts = f.alerts.readValuesToList();
      assertThat(alerts)
          .extracting(
              QualityAlert::getRule, QualityAlert::getState, a -> a.getWindowStart().toEpochMilli())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("ssim-min", AlertState.FIRING, 50_000L),
              org.assertj.core.groups.Tuple.tuple("psnr-min", AlertState.FIRING, 50_000L),
              org.assertj.core.groups.Tuple.tuple("ssim-min", AlertState.RESOLVED, 200_000L),
              org.assertj.core.groups.Tuple.tuple("psnr-min", AlertState.RESOLVED, 200_000L));
      double badSsim = ImageMetrics.ssim(p, inverted(p), SIDE, SIDE);
      QualityAlert firing = alerts.get(0);
      assertThat(firing.getValue()).isCloseTo((50 * 1.0 + 10 * badSsim) / 60, within(TOL));
      assertThat(firing.getThreshold()).isEqualTo(0.95);
      assertThat(firing.getMetric()).isEqualTo("meanSsim");
      assertThat(firing.getModelId()).isEqualTo(MODEL);
      assertThat(firing.getMessage()).contains("ssim-min firing", MODEL, "meanSsim");
      assertThat(alerts.get(2).getValue()).isEqualTo(1.0);
      assertThat(f.stats.firing()).isEmpty();
    }
  }

  @Test
  void shouldRaiseMissingAlertWhenMoreThanOnePercentIsLost() {
    MonitorConfig config = defaults.with(MonitorConfig.ALERT_MIN_IMAGES, 1);
    try (MonitorFixture f = new MonitorFixture(config)) {
      byte[] p = pattern();
      // Given 50 images per 10 s for 200 s; between 60 s and 70 s one in ten loses its
      // reconstruction
      for (int i = 0; i < 1000; i++) {
        long ts = i * 200L;
        if (ts >= 60_000 && ts < 70_000 && i % 10 == 0) {
          f.sendOriginal(image("img-" + i, ts, p), ts);
        } else {
          f.sendPair("img-" + i, ts, p, p.clone(), 20);
        }
      }
      List<QualityAlert> alerts = f.alerts.readValuesToList();
      assertThat(alerts)
          .extracting(QualityAlert::getRule, QualityAlert::getState)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("missing-max", AlertState.FIRING),
              org.assertj.core.groups.Tuple.tuple("missing-max", AlertState.RESOLVED));
      assertThat(alerts.get(0).getValue()).isGreaterThan(0.01);
      assertThat(f.stats.missing()).isEqualTo(5);
    }
  }

  @Test
  void shouldEmitLastNImagesViewEveryNOverTenImages() {
    MonitorConfig config =
        defaults
            .with(MonitorConfig.COUNT_WINDOW_EMIT_EVERY, 2)
            .with(MonitorConfig.COUNT_WINDOW_IMAGES, 4);
    try (MonitorFixture f = new MonitorFixture(config)) {
      byte[] p = pattern();
      for (int i = 1; i <= 6; i++) {
        f.sendPair("img-" + i, 1000L * i, p, changed(p, i, 51), 10);
      }
      double k = 0.04 / 784;
      List<QualityWindow> views = f.windowsOfKind("count");
      assertThat(views).extracting(QualityWindow::getCount).containsExactly(2L, 4L, 4L);
      assertThat(views.get(0).getMeanMse()).isCloseTo(k * (1 + 2) / 2, within(1e-15));
      assertThat(views.get(1).getMeanMse()).isCloseTo(k * (1 + 2 + 3 + 4) / 4, within(1e-15));
      assertThat(views.get(2).getMeanMse()).isCloseTo(k * (3 + 4 + 5 + 6) / 4, within(1e-15));
      assertThat(views.get(2).getWindowStart().toEpochMilli()).isEqualTo(3000);
      assertThat(views.get(2).getWindowEnd().toEpochMilli()).isEqualTo(6001);
      assertThat(views.get(2).getCompressionRatio()).isEqualTo(784.0 / 32);
    }
  }

  @Test
  void shouldScoreOnlySampledIdsAndNeverCountUnsampledAsMissing() {
    MonitorConfig config = defaults.with(MonitorConfig.SAMPLE_RATE, 0.5);
    try (MonitorFixture f = new MonitorFixture(config)) {
      byte[] p = pattern();
      List<String> ids = IntStream.range(0, 40).mapToObj(i -> "img-" + i).toList();
      for (int i = 0; i < ids.size(); i++) {
        f.sendPair(ids.get(i), 1000L * i, p, p.clone(), 5);
      }
      f.sendPair("late-marker", 500_000, p, p.clone(), 5);
      Sampler sampler = new Sampler(0.5);
      List<String> expected = new ArrayList<>(ids.stream().filter(sampler::keep).toList());
      if (sampler.keep("late-marker")) {
        expected.add("late-marker");
      }
      assertThat(f.qualityIds()).containsExactlyElementsOf(expected);
      assertThat(expected.size()).isBetween(10, 30);
      assertThat(f.stats.missing()).isZero();
      assertThat(f.stats.orphans()).isZero();
      assertThat(f.stats.sampledOut()).isEqualTo(2L * (41 - expected.size()));
    }
  }

  @Test
  void shouldSendCorruptAndUnscorableRecordsToDlqAndKeepGoing() {
    try (MonitorFixture f = new MonitorFixture(defaults)) {
      byte[] p = pattern();
      // Given garbage, then a valid frame with too few pixels, then a good pair,
      // then a pair whose reconstruction has another size
      byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
      f.raw.pipeInput(
          new TestRecord<>(MonitorFixture.key("junk"), garbage, Instant.ofEpochMilli(1000)));
      var shortImage = image("short", 1000, new byte[100]);
      f.sendOriginal(shortImage, 1000);
      f.sendPair("good", 2000, p, p.clone(), 5);
      f.sendOriginal(image("mismatch", 3000, p), 3000);
      ReconstructedImage small = recon("mismatch", 3000, new byte[14 * 14], 3005);
      small.setWidth(14);
      small.setHeight(14);
      f.sendReconstruction(small, 3000);

      List<TestRecord<byte[], byte[]>> dead = f.dlq.readRecordsToList();
      assertThat(dead).hasSize(3);
      assertDeadLetter(
          dead.get(0),
          "quality-monitor.decode-raw",
          "org.apache.kafka.common.errors.SerializationException",
          Topics.IMAGES_RAW,
          "0",
          "0");
      assertThat(dead.get(0).value()).isEqualTo(garbage);
      assertThat(dead.get(0).key()).isEqualTo(MonitorFixture.key("junk"));
      assertDeadLetter(
          dead.get(1),
          "quality-monitor.decode-raw",
          IllegalArgumentException.class.getName(),
          Topics.IMAGES_RAW,
          "0",
          "1");
      assertThat(header(dead.get(1).headers(), "compressnet.dlq.error.message"))
          .contains("100 pixel bytes, expected 28x28 = 784");
      assertDeadLetter(
          dead.get(2),
          "quality-monitor.score",
          IllegalArgumentException.class.getName(),
          Topics.IMAGES_RECONSTRUCTED,
          "0",
          "1");
      assertThat(header(dead.get(2).headers(), "compressnet.dlq.error.message"))
          .contains("is 14x14 but its original is 28x28");
      // and the pipeline kept going
      assertThat(f.qualityIds()).containsExactly("good");
      assertThat(f.stats.deadLetters()).isEqualTo(3);
    }
  }

  @Test
  void shouldFailInsteadOfDeadLetteringWhenTheRegistryIsDown() {
    InMemorySchemaRegistryClient real = new InMemorySchemaRegistryClient();
    SchemaRegistryClient down =
        MonitorFixture.failingLookups(
            real,
            new RegistryUnavailableException("registry at http://127.0.0.1:1 unreachable", null));
    try (MonitorFixture f = new MonitorFixture(defaults, down, real)) {
      byte[] p = pattern();
      assertThatThrownBy(() -> f.sendOriginal(image("a", 1000, p), 1000))
          .hasRootCauseInstanceOf(RegistryUnavailableException.class);
      assertThat(f.dlq.isEmpty()).isTrue();
    }
  }

  private static void assertDeadLetter(
      TestRecord<byte[], byte[]> r,
      String stage,
      String errorClass,
      String topic,
      String partition,
      String offset) {
    assertThat(header(r.headers(), "compressnet.dlq.stage")).isEqualTo(stage);
    assertThat(header(r.headers(), "compressnet.dlq.error.class")).isEqualTo(errorClass);
    assertThat(header(r.headers(), "compressnet.dlq.error.message")).isNotBlank();
    assertThat(header(r.headers(), "compressnet.dlq.topic")).isEqualTo(topic);
    assertThat(header(r.headers(), "compressnet.dlq.partition")).isEqualTo(partition);
    assertThat(header(r.headers(), "compressnet.dlq.offset")).isEqualTo(offset);
  }

  private static String header(Headers headers, String name) {
    var h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unused")
  private static ByteBuffer buffer(byte[] b) {
    return ByteBuffer.wrap(b);
  }
}
