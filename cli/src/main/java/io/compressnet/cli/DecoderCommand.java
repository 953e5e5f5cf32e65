package io.compressnet.cli;

import io.compressnet.decoder.DecoderConfig;
import io.compressnet.decoder.DecoderService;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compressnet decoder}: the decoder-service until Ctrl-C / SIGTERM. */
@Command(
    name = "decoder",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the decoder-service until Ctrl-C: images.latent -> images.reconstructed with the"
          + " model each latent names; unknown models and bad records to images.dlq.",
      "Flags win over the config file, which wins over the environment (COMPRESSNET_MODELS_DIR,"
          + " COMPRESSNET_BATCH_SIZE, KAFKA_*, ...).",
    })
final class DecoderCommand implements Callable<Integer> {

  @Mixin StreamServiceOptions service;

  @Option(
      names = "--models-dir",
      paramLabel = "DIR",
      description = "Directory of model bundles, one per subdirectory (models).")
  Path modelsDir;

  @Override
  public Integer call() {
    Map<String, String> overrides = service.overrides();
    StreamServiceOptions.put(overrides, DecoderConfig.MODELS_DIR.property(), modelsDir);
    DecoderConfig config =
        DecoderConfig.SPEC.load(System.getenv(), service.configFile(), overrides);
    if (service.printConfig) {
      System.out.print(config.service().toMaskedString());
      return 0;
    }
    // The service applies its DJL settings (compressnet.inference.threads) itself, before the
    // engine loads: setting them here first would make that setting a no-op.
    return DecoderService.run(config);
  }
}
