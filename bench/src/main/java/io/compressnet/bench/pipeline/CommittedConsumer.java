package io.compressnet.bench.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The bench's {@code read_committed} byte-array consumers, as a downstream consumer would read a
 * topic: settings, assigning every partition from the beginning, and stopping a consumer's poll
 * thread. Used by {@link OutputCounter}, {@link LatencyProbe} and the payload-bytes count; {@link
 * #stop} by {@code bench live}'s reader too.
 */
public final class CommittedConsumer {

  private CommittedConsumer() {}

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

  /** Assigns all of {@code topic}'s partitions (see {@link #partitions}), from the beginning. */
  static void assignFromBeginning(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<TopicPartition> partitions = partitions(consumer, topic);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
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
}
