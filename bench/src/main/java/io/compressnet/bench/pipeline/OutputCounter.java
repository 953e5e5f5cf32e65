package io.compressnet.bench.pipeline;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Counts the committed records of a topic from the beginning ({@code read_committed}, so under
 * exactly-once a record counts only once its transaction has committed) and notes when the {@code
 * target}-th arrived. Runs on its own thread until closed.
 */
final class OutputCounter extends CommittedConsumer {

  private final int target;
  private final CountDownLatch reached = new CountDownLatch(1);
  private volatile long count;
  private volatile long reachedAtNanos;

  OutputCounter(String bootstrap, String topic, int target) {
    super(bootstrap, topic, Duration.ofMillis(20), "bench-output-counter-" + topic);
    this.target = target;
  }

  OutputCounter start() {
    startReading();
    return this;
  }

  @Override
  void onRecords(ConsumerRecords<byte[], byte[]> records) {
    long now = System.nanoTime();
    for (int i = 0; i < records.count(); i++) {
      if (++count == target) {
        reachedAtNanos = now;
        reached.countDown();
      }
    }
  }

  @Override
  void onFailure() {
    reached.countDown(); // wake the waiting caller, which reports the failure
  }

  /** Waits for the target count; false on timeout. */
  boolean await(Duration timeout) throws InterruptedException {
    boolean ok = reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (failure() != null) {
      throw new IllegalStateException("counting " + topic() + " failed: " + failure(), failure());
    }
    return ok;
  }

  long count() {
    return count;
  }

  /** {@link System#nanoTime()} when the target-th committed record was received. */
  long reachedAtNanos() {
    return reachedAtNanos;
  }
}
