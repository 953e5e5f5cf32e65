package io.compressnet.decoder;

import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.avro.ReconstructedImage;
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
 * The decoder-service: {@code images.latent} ({@code LatentVector}) → {@code images.reconstructed}
 * ({@code ReconstructedImage}), with the model each latent names; invalid records and latents of
 * unknown models to {@code images.dlq}. See {@link DecodeProcessor} and {@link BatchingProcessor}.
 */
public final class DecoderService {

  static final String SOURCE = "latent-source";
  static final String PROCESSOR = "decode";
  static final String SINK = "reconstructed-sink";

  private DecoderService() {}

  /**
   * The topology, with every collaborator given (tests, benchmarks).
   *
   * @param catalog the models latents may name
   * @param latentSerde reads the input values
   * @param imageSerde writes the output values
   * @param metrics where counts go
   * @param clock source of {@code decodedAt}
   */
  public static Topology buildTopology(
      DecoderConfig config,
      ModelCatalog catalog,
      Serde<LatentVector> latentSerde,
      Serde<ReconstructedImage> imageSerde,
      ServiceMetrics metrics,
      Clock clock) {
    Topology topology = new Topology();
    SharedBatches<LatentVector> shared = new SharedBatches<>();
    topology.addSource(
        SOURCE,
        Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer(),
        config.inputTopic());
    topology.addProcessor(
        PROCESSOR,
        () ->
            new DecodeProcessor(
                config.batch(),
                latentSerde.deserializer(),
                SINK,
                shared,
                metrics,
                catalog,
                config.passSize(),
                clock),
        SOURCE);
    topology.addStateStore(BatchingProcessor.bufferStore(config.batch()), PROCESSOR);
    topology.addSink(
        SINK,
        config.outputTopic(),
        Serdes.String().serializer(),
        imageSerde.serializer(),
        PROCESSOR);
    DeadLetters.addSink(topology, config.dlqTopic(), PROCESSOR);
    return topology;
  }

  /**
   * The topology with the models of {@link DecoderConfig#modelsDir()}, serdes on {@code registry}
   * (auto-registering as configured) and the system clock.
   */
  public static Topology buildTopology(
      DecoderConfig config, SchemaRegistryClient registry, ServiceMetrics metrics) {
    boolean autoRegister = config.service().getBoolean(ServiceConfig.AUTO_REGISTER_SCHEMAS);
    return buildTopology(
        config,
        ModelCatalog.open(config.modelsDir(), config.rescanInterval()),
        new SpecificAvroSerde<>(registry, LatentVector.class, autoRegister),
        new SpecificAvroSerde<>(registry, ReconstructedImage.class, autoRegister),
        metrics,
        Clock.systemUTC());
  }

  /** Runs the service until SIGTERM / Ctrl-C or a fatal error; returns the exit code. */
  public static int run(DecoderConfig config) {
    InferenceDefaults.apply(config.service().getInt(InferenceServiceKeys.INFERENCE_THREADS));
    return StreamsApp.runWithRegistry(
        "decoder",
        config.service(),
        List.of(
            new SchemaGovernance.Output(
                Topics.valueSubject(config.outputTopic()), ReconstructedImage.getClassSchema())),
        (registry, metrics) -> buildTopology(config, registry, metrics));
  }

  /** {@code DecoderService [config.properties]}; settings as in {@link DecoderConfig}. */
  public static void main(String[] args) {
    Path file = args.length > 0 ? Path.of(args[0]) : null;
    System.exit(run(DecoderConfig.load(System.getenv(), file, Map.of())));
  }
}
