package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.devstack.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BatchingProcessor} on a real broker as the services run it: exactly-once, two stream
 * threads sharing six input partitions, each thread filling its batches from all its partitions.
 * The guarantee checked: once the input stops, every record a thread buffered goes out on the wall
 * clock alone (stream time no longer advances), so a service never holds records indefinitely.
 */
class BatchingProcessorBrokerTest {

  private static final int PARTITIONS = 6;
  private static final BatchSettings SETTINGS =
      new BatchSettings(
          "buffer", 64, Duration.ofMillis(20), 1 << 20, BatchSettings.DEFAULT_BACKLOG);

  /** Emits every value unchanged. */
  static final class Identity extends BatchingProcessor<String> {
    Identity(SharedBatches<String> shared, ServiceMetrics metrics) {
      super(SETTINGS, utf8(), "out", shared, metrics);
    }

    @Override
    protected void validate(String value) {}

    @Override
    protected List<Outcome> computeBatch(List<Pending<String>> batch) {
      return batch.stream()
          .map(p -> Outcome.of(new Record<>(p.key(), p.value(), p.source().timestamp())))
          .collect(Collectors.toList());
    }

    @Override
    protected String batchStage() {
      return "identity";
    }
  }

  @Test
  void shouldFlushAPartialBatchWhenInputStopsOnEveryPartition(@TempDir Path tmp) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      // Given the app running on six partitions with two threads, batch size 64
      kafka.createTopics(List.of("input", "output", "dlq"), PARTITIONS);
      ServiceMetrics metrics = ServiceMetrics.inMemory("test");
      try (KafkaStreams streams =
          new KafkaStreams(topology(metrics), streamsProperties(kafka, tmp))) {
        streams.start();

        // When 57 records arrive, spread over every partition (no thread fills a batch: about 28
        // each), all with the same timestamp, and then the input stops
        List<String> sent = IntStream.range(0, 57).mapToObj(i -> "r" + i).toList();
        // (one record per partition in turn, all with timestamp 0: stream time never advances)
        StringTopics.produce(kafka, "input", PARTITIONS, sent, 0L);

        // Then every one of them is committed to the output, once
        List<String> received;
        try (KafkaConsumer<String, String> reader =
            StringTopics.committedReader(kafka, "output", PARTITIONS)) {
          received = StringTopics.read(reader, sent.size(), Duration.ofSeconds(90), () -> {});
        }
        assertThat(new TreeSet<>(received)).isEqualTo(new TreeSet<>(sent));
        assertThat(received).hasSize(sent.size());
        assertThat(metrics.inCount()).isEqualTo(57);
        assertThat(metrics.outCount()).isEqualTo(57);
        assertThat(metrics.deadLetterCount()).isZero();
        assertThat(metrics.batchSizeTotal() / metrics.batchCount()).isLessThan(64);
      }
    }
  }

  private static Topology topology(ServiceMetrics metrics) {
    Topology topology = new Topology();
    topology.addSource(
        "in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), "input");
    SharedBatches<String> shared = new SharedBatches<>();
    topology.addProcessor("batch", () -> new Identity(shared, metrics), "in");
    topology.addStateStore(BatchingProcessor.bufferStore(SETTINGS), "batch");
    topology.addSink(
        "out", "output", Serdes.String().serializer(), Serdes.String().serializer(), "batch");
    DeadLetters.addSink(topology, "dlq", "batch");
    return topology;
  }

  private static Properties streamsProperties(EmbeddedKafka kafka, Path tmp) throws Exception {
    Properties props = new Properties();
    props.put("application.id", "batching-broker-test");
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("state.dir", Files.createDirectories(tmp.resolve("state")).toString());
    props.put("processing.guarantee", "exactly_once_v2");
    props.put("num.stream.threads", "2");
    return props;
  }

  private static Deserializer<String> utf8() {
    return (topic, data) -> new String(data, StandardCharsets.UTF_8);
  }
}
