package io.compressnet.streams;

import io.compressnet.devstack.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** String records in and out of the embedded broker, for the broker tests of this module. */
final class StringTopics {
  private StringTopics() {}

  /**
   * Sends {@code values} to {@code topic}, record i keyed {@code k<i>} to partition i modulo {@code
   * partitions}, with {@code timestamp} (null: the producer's clock), and waits for all of them.
   */
  static void produce(
      EmbeddedKafka kafka, String topic, int partitions, List<String> values, Long timestamp) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("acks", "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < values.size(); i++) {
        producer.send(
            new ProducerRecord<>(topic, i % partitions, timestamp, "k" + i, values.get(i)));
      }
      producer.flush();
    }
  }

  /** A read_committed consumer of every partition of {@code topic}, from the beginning. */
  static KafkaConsumer<String, String> committedReader(
      EmbeddedKafka kafka, String topic, int partitions) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> all =
        IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
    consumer.assign(all);
    consumer.seekToBeginning(all);
    return consumer;
  }

  /**
   * Reads values until {@code expected} more arrived or {@code timeout} passed, calling {@code
   * watch} before each poll, then a second longer so that a duplicate would show.
   */
  static List<String> read(
      KafkaConsumer<String, String> reader, int expected, Duration timeout, Runnable watch) {
    List<String> values = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (values.size() < expected && System.nanoTime() < deadline) {
      watch.run();
      for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) {
        values.add(r.value());
      }
    }
    reader.poll(Duration.ofSeconds(1)).forEach(r -> values.add(r.value()));
    return values;
  }
}
