package io.compressnet.streams;

import io.compressnet.schemas.Topics;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * The one shape of an inference service (encoder, decoder): input topic → a {@link
 * BatchingProcessor} with its buffer store → output topic, and the dead-letter sink. The services
 * differ only in the processor, that is in what they compute.
 */
public final class InferenceService {

  /** Node names of the topology (they show in logs and in {@code Topology#describe()}). */
  public record NodeNames(String source, String processor, String sink) {}

  private InferenceService() {}

  /**
   * The topology: byte-array source (so a record that does not deserialize reaches the processor,
   * which dead-letters it), the processor and its buffer store, the output sink (String keys,
   * {@code outputValues}) and the DLQ sink.
   *
   * @param processor makes one processor per task; it must forward outputs to {@code names.sink()}
   */
  public static <V> Topology buildTopology(
      InferenceSettings settings,
      NodeNames names,
      Serializer<V> outputValues,
      ProcessorSupplier<byte[], byte[], Object, Object> processor) {
    Topology topology = new Topology();
    topology.addSource(
        names.source(),
        Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer(),
        settings.inputTopic());
    topology.addProcessor(names.processor(), processor, names.source());
    topology.addStateStore(BatchingProcessor.bufferStore(settings.batch()), names.processor());
    topology.addSink(
        names.sink(),
        settings.outputTopic(),
        Serdes.String().serializer(),
        outputValues,
        names.processor());
    DeadLetters.addSink(topology, settings.dlqTopic(), names.processor());
    return topology;
  }

  /**
   * Runs a service until SIGTERM / Ctrl-C or a fatal error: the DJL thread setting first (the
   * engine reads it once), then {@link StreamsApp#runWithRegistry} with the output subject checked.
   *
   * @return the process exit code
   */
  public static int run(
      String service,
      InferenceSettings settings,
      Schema outputSchema,
      StreamsApp.TopologyFactory topology) {
    InferenceDefaults.apply(settings.service().getInt(InferenceServiceKeys.INFERENCE_THREADS));
    return StreamsApp.runWithRegistry(
        service,
        settings.service(),
        List.of(
            new SchemaGovernance.Output(Topics.valueSubject(settings.outputTopic()), outputSchema)),
        topology);
  }
}
