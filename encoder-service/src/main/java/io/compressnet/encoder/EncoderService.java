package io.compressnet.encoder;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.quant.Encoding;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.streams.BatchingProcessor;
import io.compressnet.streams.DeadLetters;
import io.compressnet.streams.InferenceDefaults;
import io.compressnet.streams.InferenceServiceKeys;
import io.compressnet.streams.SchemaGovernance;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.SharedBatches;
import io.compressnet.streams.StreamsApp;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The encoder-service: {@code images.raw} ({@code ImageEvent}) → {@code images.latent} ({@code
 * LatentVector}), invalid records to {@code images.dlq}. See {@link EncodeProcessor} and {@link
 * BatchingProcessor} for batching and the crash-safety argument.
 */
public final class EncoderService {

  static final String SOURCE = "raw-source";
  static final String PROCESSOR = "encode";
  static final String SINK = "latent-sink";

  private EncoderService() {}

  /**
   * The topology, with every collaborator given (tests, benchmarks).
   *
   * @param bundle the loaded model
   * @param imageSerde reads the input values
   * @param latentSerde writes the output values
   * @param metrics where counts go
   * @param clock source of {@code encodedAt}
   */
  public static Topology buildTopology(
      EncoderConfig config,
      ModelBundle bundle,
      Serde<ImageEvent> imageSerde,
      Serde<LatentVector> latentSerde,
      ServiceMetrics metrics,
      Clock clock) {
    Encoding encoding = config.encoding() != null ? config.encoding() : bundle.defaultEncoding();
    if (encoding == Encoding.INT8_RANGE) {
      bundle.requireRangeCoder(); // refuse at start, not in the first stream task
    }
    Topology topology = new Topology();
    SharedBatches<ImageEvent> shared = new SharedBatches<>();
    topology.addSource(
        SOURCE,
        Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer(),
        config.inputTopic());
    topology.addProcessor(
        PROCESSOR,
        () ->
            new EncodeProcessor(
                config.batch(),
                imageSerde.deserializer(),
                SINK,
                shared,
                metrics,
                bundle,
                encoding,
                config.passSize(),
                config.refinement(),
                clock),
        SOURCE);
    topology.addStateStore(BatchingProcessor.bufferStore(config.batch()), PROCESSOR);
    topology.addSink(
        SINK,
        config.outputTopic(),
        Serdes.String().serializer(),
        latentSerde.serializer(),
        PROCESSOR);
    DeadLetters.addSink(topology, config.dlqTopic(), PROCESSOR);
    return topology;
  }

  /**
   * The topology with the model loaded from {@link EncoderConfig#modelDir()}, serdes on {@code
   * registry} (auto-registering as configured) and the system clock.
   */
  public static Topology buildTopology(
      EncoderConfig config, SchemaRegistryClient registry, ServiceMetrics metrics) {
    boolean autoRegister = config.service().getBoolean(ServiceConfig.AUTO_REGISTER_SCHEMAS);
    return buildTopology(
        config,
        ModelBundle.load(config.modelDir()),
        new SpecificAvroSerde<>(registry, ImageEvent.class, autoRegister),
        new SpecificAvroSerde<>(registry, LatentVector.class, autoRegister),
        metrics,
        Clock.systemUTC());
  }

  /** Runs the service until SIGTERM / Ctrl-C or a fatal error; returns the exit code. */
  public static int run(EncoderConfig config) {
    InferenceDefaults.apply(config.service().getInt(InferenceServiceKeys.INFERENCE_THREADS));
    return StreamsApp.runWithRegistry(
        "encoder",
        config.service(),
        List.of(
            new SchemaGovernance.Output(
                Topics.valueSubject(config.outputTopic()), LatentVector.getClassSchema())),
        (registry, metrics) -> buildTopology(config, registry, metrics));
  }

  /** {@code EncoderService [config.properties]}; settings as in {@link EncoderConfig}. */
  public static void main(String[] args) {
    Path file = args.length > 0 ? Path.of(args[0]) : null;
    System.exit(run(EncoderConfig.load(System.getenv(), file, Map.of())));
  }
}
