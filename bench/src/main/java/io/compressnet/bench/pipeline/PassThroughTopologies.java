package io.compressnet.bench.pipeline;

import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.streams.BatchSettings;
import io.compressnet.streams.BatchingProcessor;
import io.compressnet.streams.DeadLetters;
import io.compressnet.streams.InferenceSettings;
import io.compressnet.streams.Outcome;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.SharedBatches;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams apps that copy {@code images.raw}-like records to another topic without a model, as
 * the ceilings the encoder is compared with. Each adds one layer of what the encoder does:
 *
 * <ol>
 *   <li>{@link #bytesCopy}: the record bytes as they are (Kafka alone: poll, produce, commit);
 *   <li>{@link #avroCopy}: plus reading and writing the Avro value with the registry serde;
 *   <li>{@link #batchingCopy}: plus the encoder's {@link BatchingProcessor} (changelogged buffer
 *       store, batch assembly, second deserialization), emitting each image unchanged.
 * </ol>
 *
 * The encoder itself is the fourth layer (inference and latent packing). All count into a {@link
 * ServiceMetrics} like the services, so the benchmark can time them the same way.
 */
public final class PassThroughTopologies {

  /** The layers, in order: Kafka alone, + Avro, + the encoder's batching. */
  enum Kind {
    BYTES,
    AVRO,
    BATCHING
  }

  static final String SOURCE = "source";
  static final String COPY = "copy";
  static final String SINK = "sink";

  private PassThroughTopologies() {}

  /** The app of {@code kind}, batching (if it does) and dead-lettering as {@code settings} say. */
  static Topology of(
      Kind kind,
      String input,
      String output,
      InferenceSettings settings,
      Serde<ImageEvent> serde,
      ServiceMetrics metrics) {
    return switch (kind) {
      case BYTES -> bytesCopy(input, output, metrics);
      case AVRO -> avroCopy(input, output, serde, metrics);
      case BATCHING ->
          batchingCopy(input, output, settings.dlqTopic(), settings.batch(), serde, metrics);
    };
  }

  /** Copies key and value bytes unchanged. */
  public static Topology bytesCopy(String input, String output, ServiceMetrics metrics) {
    Topology topology = new Topology();
    topology.addSource(
        SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), input);
    topology.addProcessor(COPY, () -> new CountingCopy<byte[]>(metrics), SOURCE);
    topology.addSink(
        SINK, output, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), COPY);
    return topology;
  }

  /** Reads each value as an {@code ImageEvent} and writes it again with the same serde. */
  public static Topology avroCopy(
      String input, String output, Serde<ImageEvent> serde, ServiceMetrics metrics) {
    Topology topology = new Topology();
    topology.addSource(SOURCE, Serdes.String().deserializer(), serde.deserializer(), input);
    topology.addProcessor(COPY, () -> new CountingCopy<ImageEvent>(metrics), SOURCE);
    topology.addSink(SINK, output, Serdes.String().serializer(), serde.serializer(), COPY);
    return topology;
  }

  /**
   * The encoder's topology shape (raw-bytes source, batching processor with its changelogged buffer
   * store, Avro sink, DLQ sink) with a batch step that emits every image unchanged.
   */
  public static Topology batchingCopy(
      String input,
      String output,
      String dlqTopic,
      BatchSettings batch,
      Serde<ImageEvent> serde,
      ServiceMetrics metrics) {
    Topology topology = new Topology();
    topology.addSource(
        SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), input);
    SharedBatches<ImageEvent> shared = new SharedBatches<>();
    topology.addProcessor(
        COPY, () -> new IdentityBatching(batch, serde, SINK, shared, metrics), SOURCE);
    topology.addStateStore(BatchingProcessor.bufferStore(batch), COPY);
    topology.addSink(SINK, output, Serdes.String().serializer(), serde.serializer(), COPY);
    DeadLetters.addSink(topology, dlqTopic, COPY);
    return topology;
  }

  /** Forwards every record as it is, counting it in and out. */
  static final class CountingCopy<V> implements Processor<Object, V, Object, V> {
    private final ServiceMetrics metrics;
    private ProcessorContext<Object, V> context;

    CountingCopy(ServiceMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, V> context) {
      this.context = context;
    }

    @Override
    public void process(Record<Object, V> record) {
      metrics.recordIn();
      context.forward(record);
      metrics.recordsOut(1);
    }
  }

  /** The encoder's batching without the encoding: each buffered image is emitted unchanged. */
  static final class IdentityBatching extends BatchingProcessor<ImageEvent> {

    IdentityBatching(
        BatchSettings settings,
        Serde<ImageEvent> serde,
        String sink,
        SharedBatches<ImageEvent> shared,
        ServiceMetrics metrics) {
      super(settings, serde.deserializer(), sink, shared, metrics);
    }

    @Override
    protected void validate(ImageEvent value) {
      // Every benchmark image is valid; the encoder's checks are a few field reads.
    }

    @Override
    protected List<Outcome> computeBatch(List<Pending<ImageEvent>> batch) {
      List<Outcome> outcomes = new ArrayList<>(batch.size());
      for (Pending<ImageEvent> pending : batch) {
        outcomes.add(
            Outcome.of(new Record<>(pending.key(), pending.value(), pending.source().timestamp())));
      }
      return outcomes;
    }

    @Override
    protected String batchStage() {
      return "copy";
    }
  }
}
