package io.compressnet.monitor;

import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.compressnet.schemas.avro.ReconstructedImage;

/**
 * In-process observer of what the monitor topology does, called on the stream thread as records are
 * processed (before the output is committed: under exactly-once a retried task can report an image
 * twice, which is fine for a dashboard and counters but not for accounting; the topics are the
 * record of truth). Implementations must be thread-safe and fast; every method defaults to doing
 * nothing.
 */
public interface MonitorListener {

  /** A listener that ignores everything. */
  MonitorListener NONE = new MonitorListener() {};

  /** A record was read from an input topic, before anything is decided about it. */
  default void onRecordIn(String topic) {}

  /** A pair was scored; the images are the decoded records (do not modify them). */
  default void onScored(ImageQuality quality, ImageEvent original, ReconstructedImage recon) {}

  /** An original's reconstruction did not arrive within join window + grace. */
  default void onMissing(String imageId, String modelId) {}

  /** A reconstruction whose original never arrived within join window + grace. */
  default void onOrphan(String imageId) {}

  /** A reconstruction (or original) that came after its partner had already expired. */
  default void onLate(String imageId) {}

  /**
   * A score that came after every time window holding it had closed (more than the grace after
   * their end): it is in the per-image topic and the count view, not in the time windows.
   */
  default void onAfterWindowsClosed(String modelId) {}

  /** A second copy of an image or reconstruction already seen (e.g. an at-least-once replay). */
  default void onDuplicate(String imageId) {}

  /** A record was sent to the DLQ. */
  default void onDeadLetter(String stage, String errorClass, String message) {}

  /**
   * A tombstone (null value) on an input topic: skipped, as the encoder and decoder skip them, and
   * not a dead letter (there is no image to score and nothing damaged).
   */
  default void onTombstone(String topic) {}

  /** An image was left out by sampling. */
  default void onSampledOut(String imageId) {}

  /** A rolling window was published. */
  default void onWindow(QualityWindow window) {}

  /** An alert changed state. */
  default void onAlert(QualityAlert alert) {}
}
