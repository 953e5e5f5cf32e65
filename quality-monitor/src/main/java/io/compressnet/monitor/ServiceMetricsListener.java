package io.compressnet.monitor;

import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.streams.ServiceMetrics;

/**
 * Feeds the counters every CompressNet service exposes ({@link ServiceMetrics}, tagged {@code
 * service="quality-monitor"}) from the monitor's events, so that one query over {@code
 * compressnet_records_in_total}, {@code compressnet_records_out_total}, {@code
 * compressnet_dlq_records_total} and {@code compressnet_tombstones_total} covers all three
 * services. A record out is a per-image score on {@code quality.images}. The batch and inference
 * meters stay at zero: the monitor runs no model. Its own {@code compressnet_monitor_*} meters are
 * {@link MonitorMetrics}'.
 */
final class ServiceMetricsListener implements MonitorListener {

  private final ServiceMetrics metrics;

  ServiceMetricsListener(ServiceMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void onRecordIn(String topic) {
    metrics.recordIn();
  }

  @Override
  public void onScored(ImageQuality quality, ImageEvent original, ReconstructedImage recon) {
    metrics.recordsOut(1);
  }

  @Override
  public void onDeadLetter(String stage, String errorClass, String message) {
    metrics.deadLetter(stage);
  }

  @Override
  public void onTombstone(String topic) {
    metrics.tombstone();
  }
}
