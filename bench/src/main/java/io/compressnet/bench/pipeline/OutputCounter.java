package io.compressnet.bench.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

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
    this.consumer = new KafkaConsumer<>(properties(bootstrap));
    this.thread = new Thread(this::loop, "bench-output-counter-" + topic);
    thread.setDaemon(true);
  }

  static Properties properties(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    return p;
  }

  OutputCounter start() {
    List<TopicPartition> partitions = partitions(consumer, topic);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread.start();
    return this;
  }

  /** The topic's partitions, waiting until a just-created topic's metadata has them all. */
  static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos.size() >= PipelineBenchmark.PARTITIONS || System.nanoTime() > deadline) {
        if (infos.isEmpty()) {
          throw new IllegalStateException("topic " + topic + " has no partitions");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
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
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(5));
  }
}
