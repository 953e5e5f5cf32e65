package io.compressnet.encoder;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.LatentVector;
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
 * The encoder-service: {@code images.raw} ({@code ImageEvent}) → {@code images.latent} ({@code
 * LatentVector}), invalid records to {@code images.dlq}. See {@link EncodeProcessor} and {@code
 * BatchingProcessor} for batching and the crash-safety argument.
 */
public final class EncoderService {

  static final InferenceService.NodeNames NODES =
      new InferenceService.NodeNames("raw-source", "encode", "latent-sink");

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
    InferenceSettings settings = config.inference();
    SharedBatches<ImageEvent> shared = new SharedBatches<>();
    return InferenceService.buildTopology(
        settings,
        NODES,
        latentSerde.serializer(),
        () ->
            new EncodeProcessor(
                settings.batch(),
                imageSerde.deserializer(),
                NODES.sink(),
                shared,
                metrics,
                bundle,
                encoding,
                settings.passSize(),
                config.refinement(),
                clock));
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
    return InferenceService.run(
        "encoder",
        config.inference(),
        LatentVector.getClassSchema(),
        (registry, metrics) -> buildTopology(config, registry, metrics));
  }

  /** {@code EncoderService [config.properties]}; settings as in {@link EncoderConfig}. */
  public static void main(String[] args) {
    Path file = args.length > 0 ? Path.of(args[0]) : null;
    System.exit(run(EncoderConfig.SPEC.load(System.getenv(), file, Map.of())));
  }
}
