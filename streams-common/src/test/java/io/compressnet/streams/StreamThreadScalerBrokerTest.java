package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.devstack.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StreamThreadScaler} on a real broker, under exactly-once: a service starts with a thread
 * per allowed slot, sheds one while idle, takes it back when one thread cannot keep up, and the
 * moves of tasks between threads lose and duplicate nothing.
 */
class StreamThreadScalerBrokerTest {

  private static final int PARTITIONS = 6;
  private static final int RECORDS = 15_000;
  private static final long CPU_NANOS_PER_RECORD = 1_000_000;

  /** Forwards every record after a millisecond of CPU work, like a forward pass would take. */
  static final class Burner implements Processor<String, String, String, String> {
    private ProcessorContext<String, String> context;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, String> record) {
      long until = System.nanoTime() + CPU_NANOS_PER_RECORD;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      context.forward(record);
    }
  }

  @Test
  void shouldShedAThreadWhenIdleAndAddItBackWhenOneCannotKeepUpLosingNothing(@TempDir Path tmp)
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      // Given a service allowed one to two stream threads on six partitions
      kafka.createTopics(List.of("input", "output"), PARTITIONS);
      List<String> first = records("a", 2_000);
      List<String> second = records("b", RECORDS);
      List<String> received = new ArrayList<>();
      AtomicInteger threadsUnderLoad = new AtomicInteger();
      try (StreamsApp app =
              StreamsApp.start(topology(), config(kafka, tmp), ServiceMetrics.inMemory("scaler"));
          KafkaConsumer<String, String> reader =
              StringTopics.committedReader(kafka, "output", PARTITIONS)) {
        // When it starts, then a first load passes and the input stays quiet
        assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
        int threadsAtStart = threads(app);
        StringTopics.produce(kafka, "input", PARTITIONS, first, null);
        received.addAll(StringTopics.read(reader, first.size(), Duration.ofSeconds(60), () -> {}));
        boolean shed = waitFor(() -> threads(app) == 1, Duration.ofSeconds(90));

        // And then more arrives at once than one thread can carry
        StringTopics.produce(kafka, "input", PARTITIONS, second, null);
        received.addAll(
            StringTopics.read(
                reader,
                second.size(),
                Duration.ofSeconds(120),
                () -> threadsUnderLoad.accumulateAndGet(threads(app), Math::max)));

        // Then it started with both threads, shed one while idle, took it back under the load,
        // and every record came out once
        assertThat(threadsAtStart).isEqualTo(2);
        assertThat(shed).isTrue();
        assertThat(threadsUnderLoad.get()).isEqualTo(2);
      }
      List<String> sent = new ArrayList<>(first);
      sent.addAll(second);
      assertThat(received).hasSize(sent.size());
      assertThat(new TreeSet<>(received)).isEqualTo(new TreeSet<>(sent));
    }
  }

  private static int threads(StreamsApp app) {
    return app.streams().metadataForLocalThreads().size();
  }

  private static List<String> records(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
  }

  private static boolean waitFor(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(200);
    }
    return true;
  }

  private static ServiceConfig config(EmbeddedKafka kafka, Path tmp) {
    return ServiceConfig.loader()
        .environment(Map.of())
        .override("application.id", "thread-scaler-test")
        .override("bootstrap.servers", kafka.bootstrapServers())
        .override("state.dir", tmp.toString())
        .override(ServiceConfig.NUM_STREAM_THREADS.property(), "1")
        .override(ServiceConfig.MAX_STREAM_THREADS.property(), "2")
        .override("commit.interval.ms", "100")
        .load();
  }

  private static Topology topology() {
    Topology topology = new Topology();
    topology.addSource(
        "in", Serdes.String().deserializer(), Serdes.String().deserializer(), "input");
    topology.addProcessor("burn", Burner::new, "in");
    topology.addSink(
        "out", "output", Serdes.String().serializer(), Serdes.String().serializer(), "burn");
    return topology;
  }
}
