package io.compressnet.monitor;

import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.compressnet.schemas.avro.ReconstructedImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MonitorListener} that keeps what a dashboard and a terminal summary need, bounded: event
 * counters, the last windows per model and kind, the last alerts, the last scored image pairs, and
 * a running all-time {@link WindowAggregate} per model. Thread-safe (one lock; the stream threads
 * write, HTTP threads read copies).
 */
public final class MonitorStats implements MonitorListener {

  /** One scored pair with its pixels (interleaved channels), for the image strip. */
  public record ScoredPair(
      ImageQuality quality,
      int width,
      int height,
      int channels,
      byte[] original,
      byte[] reconstructed) {}

  private final int keepWindows;
  private final int keepAlerts;
  private final int keepImages;
  private final AtomicLong scored = new AtomicLong();
  private final AtomicLong missing = new AtomicLong();
  private final AtomicLong orphans = new AtomicLong();
  private final AtomicLong late = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final AtomicLong sampledOut = new AtomicLong();
  private final AtomicLong tombstones = new AtomicLong();
  private final Map<String, Deque<QualityWindow>> windows = new LinkedHashMap<>();
  private final Map<String, WindowAggregate> allTime = new LinkedHashMap<>();
  private final Map<String, String> firing = new LinkedHashMap<>();
  private final Deque<QualityAlert> alerts = new ArrayDeque<>();
  private final Deque<ScoredPair> images = new ArrayDeque<>();
  private final List<MonitorListener> downstream =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public MonitorStats() {
    this(120, 50, 24);
  }

  public MonitorStats(int keepWindows, int keepAlerts, int keepImages) {
    this.keepWindows = keepWindows;
    this.keepAlerts = keepAlerts;
    this.keepImages = keepImages;
  }

  /** Also forward every event to {@code listener} (e.g. Prometheus counters). */
  public MonitorStats forwardTo(MonitorListener listener) {
    downstream.add(listener);
    return this;
  }

  @Override
  public void onRecordIn(String topic) {
    downstream.forEach(l -> l.onRecordIn(topic));
  }

  @Override
  public void onScored(ImageQuality q, ImageEvent original, ReconstructedImage recon) {
    scored.incrementAndGet();
    byte[] a = PairingProcessor.bytes(original.getPixels());
    byte[] b = PairingProcessor.bytes(recon.getPixels());
    synchronized (this) {
      allTime
          .computeIfAbsent(q.getModelId(), k -> new WindowAggregate())
          .add(
              ScoreEvent.scored(
                  q.getMse(), q.getSsim(), q.getRawBytes(), q.getLatentBytes(), q.getLatencyMs()),
              q.getCapturedAt().toEpochMilli());
      images.addLast(
          new ScoredPair(
              q, original.getWidth(), original.getHeight(), original.getChannels(), a, b));
      while (images.size() > keepImages) {
        images.removeFirst();
      }
    }
    downstream.forEach(l -> l.onScored(q, original, recon));
  }

  @Override
  public void onMissing(String imageId, String modelId) {
    missing.incrementAndGet();
    synchronized (this) {
      allTime.computeIfAbsent(modelId, k -> new WindowAggregate()).add(ScoreEvent.missingImage());
    }
    downstream.forEach(l -> l.onMissing(imageId, modelId));
  }

  @Override
  public void onOrphan(String imageId) {
    orphans.incrementAndGet();
    downstream.forEach(l -> l.onOrphan(imageId));
  }

  @Override
  public void onLate(String imageId) {
    late.incrementAndGet();
    downstream.forEach(l -> l.onLate(imageId));
  }

  @Override
  public void onAfterWindowsClosed(String modelId) {
    downstream.forEach(l -> l.onAfterWindowsClosed(modelId));
  }

  @Override
  public void onDuplicate(String imageId) {
    duplicates.incrementAndGet();
    downstream.forEach(l -> l.onDuplicate(imageId));
  }

  @Override
  public void onDeadLetter(String stage, String errorClass, String message) {
    deadLetters.incrementAndGet();
    downstream.forEach(l -> l.onDeadLetter(stage, errorClass, message));
  }

  @Override
  public void onTombstone(String topic) {
    tombstones.incrementAndGet();
    downstream.forEach(l -> l.onTombstone(topic));
  }

  @Override
  public void onSampledOut(String imageId) {
    sampledOut.incrementAndGet();
    downstream.forEach(l -> l.onSampledOut(imageId));
  }

  @Override
  public void onWindow(QualityWindow w) {
    synchronized (this) {
      Deque<QualityWindow> q =
          windows.computeIfAbsent(w.getModelId() + "|" + w.getKind(), k -> new ArrayDeque<>());
      q.addLast(w);
      while (q.size() > keepWindows) {
        q.removeFirst();
      }
    }
    downstream.forEach(l -> l.onWindow(w));
  }

  @Override
  public void onAlert(QualityAlert a) {
    synchronized (this) {
      alerts.addLast(a);
      while (alerts.size() > keepAlerts) {
        alerts.removeFirst();
      }
      String key = a.getModelId() + "/" + a.getRule();
      if (a.getState() == io.compressnet.schemas.avro.AlertState.FIRING) {
        firing.put(key, a.getMessage());
      } else {
        firing.remove(key);
      }
    }
    downstream.forEach(l -> l.onAlert(a));
  }

  public long scored() {
    return scored.get();
  }

  public long missing() {
    return missing.get();
  }

  public long orphans() {
    return orphans.get();
  }

  public long late() {
    return late.get();
  }

  public long duplicates() {
    return duplicates.get();
  }

  public long deadLetters() {
    return deadLetters.get();
  }

  public long sampledOut() {
    return sampledOut.get();
  }

  public long tombstones() {
    return tombstones.get();
  }

  /** Recent windows of one model and kind ("time" or "count"), oldest first. */
  public synchronized List<QualityWindow> windows(String modelId, String kind) {
    return new ArrayList<>(windows.getOrDefault(modelId + "|" + kind, new ArrayDeque<>()));
  }

  /** Models seen in windows or scores, in order of appearance. */
  public synchronized List<String> models() {
    java.util.LinkedHashSet<String> models = new java.util.LinkedHashSet<>(allTime.keySet());
    windows.keySet().forEach(k -> models.add(k.substring(0, k.lastIndexOf('|'))));
    return new ArrayList<>(models);
  }

  /** Recent alerts, oldest first. */
  public synchronized List<QualityAlert> alerts() {
    return new ArrayList<>(alerts);
  }

  /** Alerts currently firing: "model/rule" to message. */
  public synchronized Map<String, String> firing() {
    return new LinkedHashMap<>(firing);
  }

  /** Recent scored pairs, oldest first. */
  public synchronized List<ScoredPair> images() {
    return new ArrayList<>(images);
  }

  /** The scored pair with this id if it is still among the recent ones. */
  public synchronized ScoredPair image(String id) {
    for (ScoredPair p : images) {
      if (p.quality().getId().equals(id)) {
        return p;
      }
    }
    return null;
  }

  /** Everything since start, per model, as a window record (kind "all"). */
  public synchronized Map<String, QualityWindow> allTime() {
    Map<String, QualityWindow> out = new LinkedHashMap<>();
    allTime.forEach(
        (model, agg) -> {
          long start = agg.firstTimestamp() == Long.MAX_VALUE ? 0 : agg.firstTimestamp();
          long end = agg.lastTimestamp() == Long.MIN_VALUE ? 0 : agg.lastTimestamp() + 1;
          out.put(model, agg.toWindow(model, "all", start, end));
        });
    return out;
  }

  /** The summary for a terminal table. */
  public MonitorSummary summary() {
    Map<String, QualityWindow> models = allTime();
    WindowAggregate total = new WindowAggregate();
    synchronized (this) {
      allTime.values().forEach(total::merge);
    }
    QualityWindow all = total.toWindow("*", "all", 0, 0);
    return new MonitorSummary(
        all.getCount(),
        all.getMeanSsim(),
        all.getMinSsim(),
        all.getMeanMse(),
        all.getAggregatePsnr(),
        all.getMeanPsnr(),
        all.getLatencyP50Ms(),
        all.getLatencyP99Ms(),
        all.getCompressionRatio(),
        all.getMeanLatentBytes(),
        missing(),
        orphans(),
        late(),
        deadLetters(),
        sampledOut(),
        tombstones(),
        models,
        firing());
  }
}
