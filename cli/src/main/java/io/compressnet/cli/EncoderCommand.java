package io.compressnet.cli;

import io.compressnet.encoder.EncoderConfig;
import io.compressnet.encoder.EncoderService;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compressnet encoder}: the encoder-service until Ctrl-C / SIGTERM. */
@Command(
    name = "encoder",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the encoder-service until Ctrl-C: images.raw -> images.latent, bad records to"
          + " images.dlq.",
      "Flags win over the config file, which wins over the environment (COMPRESSNET_MODEL_DIR,"
          + " COMPRESSNET_LATENT_ENCODING, COMPRESSNET_BATCH_SIZE, KAFKA_*, ...).",
    })
final class EncoderCommand implements Callable<Integer> {

  @Mixin StreamServiceOptions service;

  @Option(names = "--model-dir", paramLabel = "DIR", description = "Model bundle (models/default).")
  Path modelDir;

  @Option(
      names = "--encoding",
      paramLabel = "E",
      description = "Latent encoding INT8, FLOAT16 or FLOAT32 (default: the bundle's).")
  String encoding;

  @Option(
      names = "--refine-steps",
      paramLabel = "N",
      description =
          "Refinement steps per latent through the decoder (default 0 = off): higher quality at"
              + " the same bytes, far fewer images/s (docs/refinement.md).")
  Integer refineSteps;

  @Override
  public Integer call() {
    Map<String, String> overrides = service.overrides();
    StreamServiceOptions.put(overrides, EncoderConfig.MODEL_DIR.property(), modelDir);
    StreamServiceOptions.put(overrides, EncoderConfig.LATENT_ENCODING.property(), encoding);
    StreamServiceOptions.put(overrides, EncoderConfig.REFINE_STEPS.property(), refineSteps);
    EncoderConfig config =
        EncoderConfig.SPEC.load(System.getenv(), service.configFile(), overrides);
    if (service.printConfig) {
      System.out.print(config.service().toMaskedString());
      return 0;
    }
    // The service applies its DJL settings (compressnet.inference.threads) itself, before the
    // engine loads: setting them here first would make that setting a no-op.
    return EncoderService.run(config);
  }
}
