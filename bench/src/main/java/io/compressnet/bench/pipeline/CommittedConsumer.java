package io.compressnet.bench.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The bench's {@code read_committed} byte-array consumers, as a downstream consumer would read a
 * topic: their settings, assigning every partition from the beginning, stopping a poll thread
 * ({@link #stop}, which {@code bench live}'s reader uses too); and, as a base class, a reader of a
 * whole topic on a daemon thread of its own that hands each poll's records to {@link #onRecords}
 * until closed. A failure of that thread is kept for the caller, which asks {@link #failure()}.
 */
public abstract class CommittedConsumer implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Duration pollTimeout;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  CommittedConsumer(String bootstrap, String topic, Duration pollTimeout, String threadName) {
    this.consumer = create(bootstrap);
    this.topic = topic;
    this.pollTimeout = pollTimeout;
    this.thread = new Thread(this::loop, threadName);
    thread.setDaemon(true);
  }

  /** Consumer settings: {@code read_committed}, no auto-commit, byte arrays, 2000 per poll. */
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

  /** A new consumer with {@link #properties(String)}. */
  static KafkaConsumer<byte[], byte[]> create(String bootstrap) {
    return new KafkaConsumer<>(properties(bootstrap));
  }

  /** The topic's partitions, waiting until a just-created topic's metadata has them all. */
  static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos.size() >= BenchBroker.PARTITIONS || System.nanoTime() > deadline) {
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

  /**
   * Wakes {@code consumer} up, waits up to 10 s for its poll {@code thread} to end, then closes it
   * (up to 5 s). The caller has already told the thread to stop looping.
   */
  public static void stop(KafkaConsumer<byte[], byte[]> consumer, Thread thread) {
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(5));
  }

  /** What to do with one poll's records (possibly none), on the reader's thread. */
  abstract void onRecords(ConsumerRecords<byte[], byte[]> records);

  /** Called once on the reader's thread when it fails while running. */
  void onFailure() {}

  String topic() {
    return topic;
  }

  Throwable failure() {
    return failure;
  }

  /** Assigns all of the topic's partitions from the beginning and starts the reader's thread. */
  void startReading() {
    List<TopicPartition> partitions = partitions(consumer, topic);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread.start();
  }

  private void loop() {
    try {
      while (running) {
        onRecords(consumer.poll(pollTimeout));
      }
    } catch (RuntimeException e) {
      if (running) { // a wakeup or close while stopping is no failure
        failure = e;
        onFailure();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    stop(consumer, thread);
  }
}
