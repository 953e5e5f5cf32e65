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

/**
 * What a dashboard and a terminal summary need. The counts and the all-time figures per model are
 * read from the topology's exactly-once totals ({@link MonitorTotals}, set with {@link
 * #readTotalsFrom}), never counted here, so a retried task cannot inflate them. As a {@link
 * MonitorListener} it keeps only bounded views: the last windows per model and kind, the last
 * alerts and the last scored image pairs, each keyed so that a record a retried task emits again
 * replaces its first copy instead of appearing twice. Thread-safe (one lock; the stream threads
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
  private final Map<String, Deque<QualityWindow>> windows = new LinkedHashMap<>();
  private volatile MonitorTotals.Source totals = MonitorTotals.Source.NONE;
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

  /** Reads the counts and all-time figures from {@code source} from now on. */
  public MonitorStats readTotalsFrom(MonitorTotals.Source source) {
    this.totals = source;
    return this;
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
    byte[] a = PairingProcessor.bytes(original.getPixels());
    byte[] b = PairingProcessor.bytes(recon.getPixels());
    synchronized (this) {
      images.removeIf(p -> p.quality().getId().equals(q.getId()));
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
    downstream.forEach(l -> l.onMissing(imageId, modelId));
  }

  @Override
  public void onOrphan(String imageId) {
    downstream.forEach(l -> l.onOrphan(imageId));
  }

  @Override
  public void onLate(String imageId) {
    downstream.forEach(l -> l.onLate(imageId));
  }

  @Override
  public void onAfterWindowsClosed(String modelId) {
    downstream.forEach(l -> l.onAfterWindowsClosed(modelId));
  }

  @Override
  public void onDuplicate(String imageId) {
    downstream.forEach(l -> l.onDuplicate(imageId));
  }

  @Override
  public void onDeadLetter(String stage, String errorClass, String message) {
    downstream.forEach(l -> l.onDeadLetter(stage, errorClass, message));
  }

  @Override
  public void onTombstone(String topic) {
    downstream.forEach(l -> l.onTombstone(topic));
  }

  @Override
  public void onSampledOut(String imageId) {
    downstream.forEach(l -> l.onSampledOut(imageId));
  }

  @Override
  public void onWindow(QualityWindow w) {
    synchronized (this) {
      Deque<QualityWindow> q =
          windows.computeIfAbsent(w.getModelId() + "|" + w.getKind(), k -> new ArrayDeque<>());
      // A window emitted again by a retried task replaces its first copy.
      q.removeIf(
          old ->
              old.getWindowStart().equals(w.getWindowStart())
                  && old.getWindowEnd().equals(w.getWindowEnd()));
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
      // An alert is emitted only on a change of state, so the same state twice in a row for a
      // rule is a retried task's second copy.
      if (sameStateAsLast(a)) {
        return;
      }
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

  private boolean sameStateAsLast(QualityAlert a) {
    QualityAlert last = null;
    for (QualityAlert old : alerts) {
      if (old.getModelId().equals(a.getModelId()) && old.getRule().equals(a.getRule())) {
        last = old;
      }
    }
    return last != null && last.getState() == a.getState();
  }

  public long scored() {
    return totals.read().scored();
  }

  public long missing() {
    return totals.read().missing();
  }

  public long orphans() {
    return totals.read().event(MonitorTotals.ORPHANS);
  }

  public long late() {
    return totals.read().event(MonitorTotals.LATE);
  }

  public long duplicates() {
    return totals.read().event(MonitorTotals.DUPLICATES);
  }

  public long deadLetters() {
    return totals.read().event(MonitorTotals.DEAD_LETTERS);
  }

  public long sampledOut() {
    return totals.read().event(MonitorTotals.SAMPLED_OUT);
  }

  public long tombstones() {
    return totals.read().event(MonitorTotals.TOMBSTONES);
  }

  /** Recent windows of one model and kind ("time" or "count"), oldest first. */
  public synchronized List<QualityWindow> windows(String modelId, String kind) {
    return new ArrayList<>(windows.getOrDefault(modelId + "|" + kind, new ArrayDeque<>()));
  }

  /** Models seen in windows or scores, in order of appearance. */
  public synchronized List<String> models() {
    java.util.LinkedHashSet<String> models =
        new java.util.LinkedHashSet<>(totals.read().perModel().keySet());
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
  public Map<String, QualityWindow> allTime() {
    return allTime(totals.read());
  }

  private static Map<String, QualityWindow> allTime(MonitorTotals.Snapshot snapshot) {
    Map<String, QualityWindow> out = new LinkedHashMap<>();
    snapshot
        .perModel()
        .forEach(
            (model, agg) -> {
              long start = agg.firstTimestamp() == Long.MAX_VALUE ? 0 : agg.firstTimestamp();
              long end = agg.lastTimestamp() == Long.MIN_VALUE ? 0 : agg.lastTimestamp() + 1;
              out.put(model, agg.toWindow(model, "all", start, end));
            });
    return out;
  }

  /** The summary for a terminal table. */
  public MonitorSummary summary() {
    MonitorTotals.Snapshot snapshot = totals.read();
    Map<String, QualityWindow> models = allTime(snapshot);
    WindowAggregate total = new WindowAggregate();
    snapshot.perModel().values().forEach(total::merge);
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
        snapshot.missing(),
        snapshot.event(MonitorTotals.ORPHANS),
        snapshot.event(MonitorTotals.LATE),
        snapshot.event(MonitorTotals.DEAD_LETTERS),
        snapshot.event(MonitorTotals.SAMPLED_OUT),
        snapshot.event(MonitorTotals.TOMBSTONES),
        models,
        firing());
  }
}
