package io.compressnet.bench.pipeline;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Counts the committed records of a topic from the beginning ({@code read_committed}, so under
 * exactly-once a record counts only once its transaction has committed) and notes when the {@code
 * target}-th arrived. Runs on its own thread until closed.
 */
final class OutputCounter implements AutoCloseable {

  private final String topic;
  private final int target;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final CountDownLatch reached = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile long count;
  private volatile long reachedAtNanos;
  private volatile Throwable failure;

  OutputCounter(String bootstrap, String topic, int target) {
    this.topic = topic;
    this.target = target;
    this.consumer = CommittedConsumer.create(bootstrap);
    this.thread = new Thread(this::loop, "bench-output-counter-" + topic);
    thread.setDaemon(true);
  }

  OutputCounter start() {
    CommittedConsumer.assignFromBeginning(consumer, topic);
    thread.start();
    return this;
  }

  private void loop() {
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(20));
        if (records.isEmpty()) {
          continue;
        }
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> ignored : records) {
          count++;
          if (count == target) {
            reachedAtNanos = now;
            reached.countDown();
          }
        }
      }
    } catch (RuntimeException e) {
      if (running) {
        failure = e;
        reached.countDown();
      }
    }
  }

  /** Waits for the target count; false on timeout. */
  boolean await(Duration timeout) throws InterruptedException {
    boolean ok = reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (failure != null) {
      throw new IllegalStateException("counting " + topic + " failed: " + failure, failure);
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

  @Override
  public void close() {
    running = false;
    CommittedConsumer.stop(consumer, thread);
  }
}
