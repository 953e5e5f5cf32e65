package io.compressnet.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link BatchingProcessor} batches.
 *
 * @param storeName name of the buffer store (also names its changelog topic)
 * @param batchSize records per batch: a full buffer is processed at once
 * @param maxWait a wall-clock punctuator with this interval processes a non-empty buffer, so a
 *     record waits at most about twice this long when traffic is low
 * @param maxRecordBytes values larger than this go to the DLQ unread
 */
public record BatchSettings(String storeName, int batchSize, Duration maxWait, int maxRecordBytes) {

  public static final int DEFAULT_BATCH_SIZE = 64;
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(20);
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

  public BatchSettings {
    Objects.requireNonNull(storeName, "storeName");
    Objects.requireNonNull(maxWait, "maxWait");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, was " + batchSize);
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("batch max wait must be positive, was " + maxWait);
    }
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("max record bytes must be >= 1, was " + maxRecordBytes);
    }
  }
}
