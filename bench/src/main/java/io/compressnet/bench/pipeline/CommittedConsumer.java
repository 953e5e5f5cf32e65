package io.compressnet.bench.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A reader of a whole topic as a downstream consumer would read it ({@code read_committed} byte
 * arrays, every partition from the beginning), on a daemon thread of its own that hands each poll's
 * records (possibly none) to a handler until closed. A failure of that thread is kept for the
 * caller ({@link #requireHealthy()}), after {@code onFailure} has run. {@link #stop} is shared with
 * {@code bench live}'s reader.
 */
public final class CommittedConsumer implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  CommittedConsumer(
      String bootstrap,
      String topic,
      Duration poll,
      Consumer<ConsumerRecords<byte[], byte[]>> onRecords,
      Runnable onFailure) {
    this.consumer = create(bootstrap);
    this.topic = topic;
    this.thread =
        new Thread(
            () -> {
              try {
                while (running) {
                  onRecords.accept(consumer.poll(poll));
                }
              } catch (RuntimeException e) {
                if (running) { // a wakeup or close while stopping is no failure
                  failure = e;
                  onFailure.run();
                }
              }
            },
            "bench-reader-" + topic);
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

  /** Assigns all of the topic's partitions from the beginning and starts the reader's thread. */
  CommittedConsumer start() {
    List<TopicPartition> partitions = partitions(consumer, topic);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread.start();
    return this;
  }

  void requireHealthy() {
    if (failure != null) {
      throw new IllegalStateException("reading " + topic + " failed: " + failure, failure);
    }
  }

  @Override
  public void close() {
    running = false;
    stop(consumer, thread);
  }
}
