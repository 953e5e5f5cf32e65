package io.compressnet.cli;

import io.compressnet.cli.demo.Demo;
import io.compressnet.streams.InferenceDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compressnet demo}: the whole pipeline on a laptop, one command. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole pipeline in one process and shows it working: an embedded Kafka broker and"
          + " a local schema registry (unless --bootstrap-servers/--schema-registry-url are given),"
          + " the encoder, decoder and quality monitor with the default model, and a replay of the"
          + " EMNIST sample. Live figures in the terminal, the dashboard in a browser, a summary"
          + " at the end; everything started is stopped on exit or Ctrl-C.",
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--images",
      defaultValue = "data/sample/emnist-sample-images-idx3-ubyte.gz",
      paramLabel = "SOURCE",
      description =
          "Images to replay, shown to the model in its channel count. "
              + ImageSourceOptions.SOURCE_HELP
              + " Default: ${DEFAULT-VALUE}.")
  String images;

  @Mixin ImageSourceOptions imageSources;

  @Option(
      names = "--limit",
      defaultValue = "2000",
      description = "Images to replay (0 = all). Default: ${DEFAULT-VALUE}.")
  int limit;

  @Option(
      names = "--rate",
      defaultValue = "200",
      description = "Images per second (0 = as fast as possible). Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Use this Kafka instead of the embedded broker.")
  String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      paramLabel = "URL",
      description = "Use this registry (Confluent API) instead of the local one.")
  String registryUrl;

  @Option(
      names = "--model",
      defaultValue = "models/default",
      paramLabel = "DIR",
      description = "Encoder model bundle. Default: ${DEFAULT-VALUE}.")
  Path model;

  @Option(
      names = "--models-dir",
      defaultValue = "models",
      paramLabel = "DIR",
      description = "Bundles the decoder may use. Default: ${DEFAULT-VALUE}.")
  Path modelsDir;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8088",
      description = "Dashboard port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int dashboardPort;

  @Option(
      names = "--drain-seconds",
      defaultValue = "60",
      description =
          "How long to wait for the last images after the replay. Default: ${DEFAULT-VALUE}.")
  long drainSeconds;

  @Option(
      names = "--refine-steps",
      defaultValue = "0",
      description =
          "Encoder refinement steps per latent (docs/refinement.md): better quality at the same"
              + " bytes, a much slower encoder. Default: ${DEFAULT-VALUE} (off).")
  int refineSteps;

  @Override
  public Integer call() throws Exception {
    InferenceDefaults.apply(1);
    Demo.Settings settings =
        new Demo.Settings(
            imageSources.source(images),
            limit,
            rate,
            bootstrapServers,
            registryUrl,
            model,
            modelsDir,
            dashboardPort,
            Duration.ofSeconds(drainSeconds),
            refineSteps);
    Demo demo = new Demo(settings, System.out);
    Thread closer = new Thread(demo::close, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(closer);
    try {
      demo.run();
      return 0;
    } finally {
      demo.close();
      try {
        Runtime.getRuntime().removeShutdownHook(closer);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is already running and closes what is left.
      }
    }
  }
}
