package io.compressnet.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link BatchingProcessor} batches.
 *
 * @param storeName name of the buffer store (also names its changelog topic)
 * @param batchSize records per batch: a full buffer is processed at once
 * @param maxWait how long the oldest record of a partial batch waits for the batch to fill before
 *     it is processed anyway (checked by a wall-clock punctuator every half wait, so at most about
 *     1.5 times this); a partial batch is also processed as soon as the input goes quiet
 * @param maxRecordBytes values larger than this go to the DLQ unread
 * @param backlog when records arrive this long or longer after their timestamp, the service is
 *     behind and {@code maxWait} is suspended: partial batches run only when the input goes quiet
 *     (see {@link ThreadBatch})
 */
public record BatchSettings(
    String storeName, int batchSize, Duration maxWait, int maxRecordBytes, Duration backlog) {

  public static final int DEFAULT_BATCH_SIZE = 64;

  /**
   * 5 ms, chosen with {@code bench live} at 300 images/s (docs/bench/live, 2026-12-03): against 20
   * ms, end-to-end p99 146–151 ms instead of 201–227 ms in two interleaved rounds, for about 0.3 ms
   * more encoder CPU per image (more, smaller forward passes). Full batches are unaffected.
   */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(5);

  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

  /**
   * 1 s: far above a healthy pipeline's lag at each hop (p99 {@code decodedAt - capturedAt} 150-250
   * ms at 1,000 images/s, docs/bench), so the maximum wait holds in normal running, and a clock
   * skew between producers and services of up to a second does not switch it off.
   */
  public static final Duration DEFAULT_BACKLOG = Duration.ofSeconds(1);

  public BatchSettings {
    Objects.requireNonNull(storeName, "storeName");
    Objects.requireNonNull(maxWait, "maxWait");
    Objects.requireNonNull(backlog, "backlog");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, was " + batchSize);
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("batch max wait must be positive, was " + maxWait);
    }
    if (backlog.isNegative() || backlog.isZero()) {
      throw new IllegalArgumentException(
          "batch backlog threshold must be positive, was " + backlog);
    }
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("max record bytes must be >= 1, was " + maxRecordBytes);
    }
  }
}
