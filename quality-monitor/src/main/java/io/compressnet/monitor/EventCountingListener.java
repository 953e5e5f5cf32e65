package io.compressnet.monitor;

import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.compressnet.schemas.avro.ReconstructedImage;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts the summary's non-image events in {@value MonitorTotals#EVENTS_STORE}, inside the task's
 * transaction, and passes every call on to the in-process listener. Each processor of the join's
 * sub-topology wraps its listener in one of these when its task starts.
 */
final class EventCountingListener implements MonitorListener {
  private final KeyValueStore<String, Long> counts;
  private final MonitorListener next;

  EventCountingListener(KeyValueStore<String, Long> counts, MonitorListener next) {
    this.counts = counts;
    this.next = next;
  }

  private void count(String event) {
    Long now = counts.get(event);
    counts.put(event, now == null ? 1L : now + 1);
  }

  @Override
  public void onRecordIn(String topic) {
    next.onRecordIn(topic);
  }

  @Override
  public void onOrphan(String imageId) {
    count(MonitorTotals.ORPHANS);
    next.onOrphan(imageId);
  }

  @Override
  public void onLate(String imageId) {
    count(MonitorTotals.LATE);
    next.onLate(imageId);
  }

  @Override
  public void onDuplicate(String imageId) {
    count(MonitorTotals.DUPLICATES);
    next.onDuplicate(imageId);
  }

  @Override
  public void onDeadLetter(String stage, String errorClass, String message) {
    count(MonitorTotals.DEAD_LETTERS);
    next.onDeadLetter(stage, errorClass, message);
  }

  @Override
  public void onTombstone(String topic) {
    count(MonitorTotals.TOMBSTONES);
    next.onTombstone(topic);
  }

  @Override
  public void onSampledOut(String imageId) {
    count(MonitorTotals.SAMPLED_OUT);
    next.onSampledOut(imageId);
  }

  @Override
  public void onScored(ImageQuality quality, ImageEvent original, ReconstructedImage recon) {
    next.onScored(quality, original, recon);
  }

  @Override
  public void onMissing(String imageId, String modelId) {
    next.onMissing(imageId, modelId);
  }

  @Override
  public void onAfterWindowsClosed(String modelId) {
    next.onAfterWindowsClosed(modelId);
  }

  @Override
  public void onWindow(QualityWindow window) {
    next.onWindow(window);
  }

  @Override
  public void onAlert(QualityAlert alert) {
    next.onAlert(alert);
  }
}
