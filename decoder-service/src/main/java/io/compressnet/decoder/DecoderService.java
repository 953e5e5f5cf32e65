package io.compressnet.decoder;

import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.streams.InferenceService;
import io.compressnet.streams.InferenceSettings;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.SharedBatches;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.Topology;

/**
 * The decoder-service: {@code images.latent} ({@code LatentVector}) → {@code images.reconstructed}
 * ({@code ReconstructedImage}), with the model each latent names; invalid records and latents of
 * unknown models to {@code images.dlq}. See {@link DecodeProcessor} and {@code BatchingProcessor}.
 */
public final class DecoderService {

  static final InferenceService.NodeNames NODES =
      new InferenceService.NodeNames("latent-source", "decode", "reconstructed-sink");

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
    InferenceSettings settings = config.inference();
    SharedBatches<LatentVector> shared = new SharedBatches<>();
    return InferenceService.buildTopology(
        settings,
        NODES,
        imageSerde.serializer(),
        () ->
            new DecodeProcessor(
                settings.batch(),
                latentSerde.deserializer(),
                NODES.sink(),
                shared,
                metrics,
                catalog,
                settings.passSize(),
                clock));
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
    return InferenceService.run(
        "decoder",
        config.inference(),
        ReconstructedImage.getClassSchema(),
        (registry, metrics) -> buildTopology(config, registry, metrics));
  }

  /** {@code DecoderService [config.properties]}; settings as in {@link DecoderConfig}. */
  public static void main(String[] args) {
    Path file = args.length > 0 ? Path.of(args[0]) : null;
    System.exit(run(DecoderConfig.SPEC.load(System.getenv(), file, Map.of())));
  }
}
