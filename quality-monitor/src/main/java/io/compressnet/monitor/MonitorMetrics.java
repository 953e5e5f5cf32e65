package io.compressnet.monitor;

import io.compressnet.schemas.avro.AlertState;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus figures of the monitor ({@code compressnet_monitor_*}): counters of scored, missing,
 * orphaned, late, duplicate, dead-lettered and sampled-out images and of skipped tombstones; per
 * model, gauges of the latest closed time window (mean SSIM, aggregate PSNR, p99 latency,
 * compression ratio, missing ratio) and a 0/1 gauge per alert rule.
 */
public final class MonitorMetrics implements MonitorListener {
  private final MeterRegistry registry;
  private final Counter scored;
  private final Counter missing;
  private final Counter orphans;
  private final Counter late;
  private final Counter afterWindowsClosed;
  private final Counter duplicates;
  private final Counter sampledOut;
  private final Counter tombstones;
  private final DistributionSummary ssim;
  private final Map<String, AtomicReference<QualityWindow>> latest = new ConcurrentHashMap<>();
  private final Map<String, double[]> firing = new ConcurrentHashMap<>();

  public MonitorMetrics(MeterRegistry registry) {
    this.registry = registry;
    scored = counter("compressnet.monitor.images.scored", "Image pairs scored");
    missing =
        counter(
            "compressnet.monitor.images.missing",
            "Originals whose reconstruction never came in time");
    orphans =
        counter(
            "compressnet.monitor.reconstructions.orphaned", "Reconstructions without an original");
    late =
        counter(
            "compressnet.monitor.images.late",
            "Partners that arrived after the join window + grace");
    afterWindowsClosed =
        counter(
            "compressnet.monitor.scores.after.windows.closed",
            "Scores that came after all their time windows had closed (not in time windows)");
    duplicates =
        counter("compressnet.monitor.images.duplicate", "Repeated originals or reconstructions");
    sampledOut = counter("compressnet.monitor.images.sampled.out", "Records left out by sampling");
    tombstones =
        counter("compressnet.monitor.tombstones", "Tombstones (null values) skipped on the inputs");
    ssim =
        DistributionSummary.builder("compressnet.monitor.image.ssim")
            .description("Per-image SSIM")
            .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  @Override
  public void onScored(ImageQuality q, ImageEvent original, ReconstructedImage recon) {
    scored.increment();
    ssim.record(q.getSsim());
  }

  @Override
  public void onMissing(String imageId, String modelId) {
    missing.increment();
  }

  @Override
  public void onOrphan(String imageId) {
    orphans.increment();
  }

  @Override
  public void onLate(String imageId) {
    late.increment();
  }

  @Override
  public void onAfterWindowsClosed(String modelId) {
    afterWindowsClosed.increment();
  }

  @Override
  public void onDuplicate(String imageId) {
    duplicates.increment();
  }

  @Override
  public void onDeadLetter(String stage, String errorClass, String message) {
    Counter.builder("compressnet.monitor.dead.letters")
        .description("Records sent to images.dlq")
        .tag("stage", stage)
        .register(registry)
        .increment();
  }

  @Override
  public void onTombstone(String topic) {
    tombstones.increment();
  }

  @Override
  public void onSampledOut(String imageId) {
    sampledOut.increment();
  }

  @Override
  public void onWindow(QualityWindow w) {
    if (!MonitorTopology.TIME_KIND.equals(w.getKind())) {
      return;
    }
    latest
        .computeIfAbsent(
            w.getModelId(),
            model -> {
              AtomicReference<QualityWindow> ref = new AtomicReference<>();
              gauge(model, "mean.ssim", ref, QualityWindow::getMeanSsim);
              gauge(model, "aggregate.psnr.db", ref, QualityWindow::getAggregatePsnr);
              gauge(model, "latency.p99.ms", ref, QualityWindow::getLatencyP99Ms);
              gauge(model, "compression.ratio", ref, QualityWindow::getCompressionRatio);
              gauge(model, "images", ref, QualityWindow::getCount);
              gauge(
                  model,
                  "missing.ratio",
                  ref,
                  x -> (double) x.getMissing() / Math.max(1, x.getCount() + x.getMissing()));
              return ref;
            })
        .set(w);
  }

  private void gauge(
      String model,
      String name,
      AtomicReference<QualityWindow> ref,
      ToDoubleFunction<QualityWindow> f) {
    Gauge.builder(
            "compressnet.monitor.window." + name,
            ref,
            r -> r.get() == null ? Double.NaN : f.applyAsDouble(r.get()))
        .description("Latest closed time window")
        .tags(Tags.of("model", model))
        .register(registry);
  }

  @Override
  public void onAlert(QualityAlert a) {
    double[] state =
        firing.computeIfAbsent(
            a.getModelId() + "/" + a.getRule(),
            key -> {
              double[] holder = new double[1];
              Gauge.builder("compressnet.monitor.alert.firing", holder, h -> h[0])
                  .description("1 while the alert rule is firing")
                  .tags(Tags.of("model", a.getModelId(), "rule", a.getRule()))
                  .register(registry);
              return holder;
            });
    state[0] = a.getState() == AlertState.FIRING ? 1 : 0;
  }
}
