package io.compressnet.bench.pipeline;

import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.streams.BatchSettings;
import io.compressnet.streams.BatchingProcessor;
import io.compressnet.streams.DeadLetters;
import io.compressnet.streams.InferenceSettings;
import io.compressnet.streams.Outcome;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.SharedBatches;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams apps that copy {@code images.raw}-like records to another topic without a model, as
 * the ceilings the encoder is compared with. Each kind adds one layer of what the encoder does; the
 * encoder itself is the fourth (inference and latent packing). All count into a {@link
 * ServiceMetrics} like the services, so the benchmark can time them the same way.
 */
final class PassThroughTopologies {

  enum Kind {
    /** The record bytes as they are (Kafka alone: poll, produce, commit). */
    BYTES,
    /** Plus reading and writing the Avro value with the registry serde. */
    AVRO,
    /**
     * Plus the encoder's topology shape: raw-bytes source, its {@link BatchingProcessor}
     * (changelogged buffer store, batch assembly, second deserialization), Avro sink, DLQ sink;
     * each image is emitted unchanged.
     */
    BATCHING
  }

  private PassThroughTopologies() {}

  static Topology of(
      Kind kind,
      String input,
      String output,
      InferenceSettings settings,
      Serde<ImageEvent> serde,
      ServiceMetrics metrics) {
    Topology topology = new Topology();
    if (kind == Kind.AVRO) {
      topology.addSource("source", Serdes.String().deserializer(), serde.deserializer(), input);
    } else {
      var bytes = Serdes.ByteArray().deserializer();
      topology.addSource("source", bytes, bytes, input);
    }
    switch (kind) {
      case BYTES, AVRO -> topology.addProcessor("copy", () -> new CountingCopy(metrics), "source");
      case BATCHING -> {
        BatchSettings batch = settings.batch();
        SharedBatches<ImageEvent> shared = new SharedBatches<>();
        topology.addProcessor(
            "copy", () -> new IdentityBatching(batch, serde, shared, metrics), "source");
        topology.addStateStore(BatchingProcessor.bufferStore(batch), "copy");
      }
    }
    if (kind == Kind.BYTES) {
      var bytes = Serdes.ByteArray().serializer();
      topology.addSink("sink", output, bytes, bytes, "copy");
    } else {
      topology.addSink("sink", output, Serdes.String().serializer(), serde.serializer(), "copy");
    }
    if (kind == Kind.BATCHING) {
      DeadLetters.addSink(topology, settings.dlqTopic(), "copy");
    }
    return topology;
  }

  /** Forwards every record as it is, counting it in and out. */
  private static final class CountingCopy implements Processor<Object, Object, Object, Object> {
    private final ServiceMetrics metrics;
    private ProcessorContext<Object, Object> context;

    CountingCopy(ServiceMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
      this.context = context;
    }

    @Override
    public void process(Record<Object, Object> record) {
      metrics.recordIn();
      context.forward(record);
      metrics.recordsOut(1);
    }
  }

  /** The encoder's batching without the encoding: each buffered image is emitted unchanged. */
  private static final class IdentityBatching extends BatchingProcessor<ImageEvent> {

    IdentityBatching(
        BatchSettings settings,
        Serde<ImageEvent> serde,
        SharedBatches<ImageEvent> shared,
        ServiceMetrics metrics) {
      super(settings, serde.deserializer(), "sink", shared, metrics);
    }

    @Override
    protected void validate(ImageEvent value) {
      // Every benchmark image is valid; the encoder's checks are a few field reads.
    }

    @Override
    protected List<Outcome> computeBatch(List<Pending<ImageEvent>> batch) {
      return batch.stream()
          .map(p -> Outcome.of(new Record<>(p.key(), p.value(), p.source().timestamp())))
          .toList();
    }

    @Override
    protected String batchStage() {
      return "copy";
    }
  }
}
