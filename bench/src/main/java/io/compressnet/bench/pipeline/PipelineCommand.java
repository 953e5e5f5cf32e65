package io.compressnet.bench.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code compressnet bench pipeline}: the options of {@link PipelineBenchmark}. Also runnable on
 * its own: {@code java -cp ... io.compressnet.bench.pipeline.PipelineCommand [options]}.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Throughput (encoder, decoder, Kafka-only pass-through; batch 64 vs 1), end-to-end latency"
            + " at a fixed rate, bytes per image on the broker and the network alone, on the"
            + " embedded broker. Writes pipeline.json and pipeline.md.")
public final class PipelineCommand implements Callable<Integer> {

  static final double DEFAULT_NETWORK_SECONDS = 1.0;

  @Option(
      names = "--images",
      defaultValue = "data/sample/emnist-sample-images-idx3-ubyte.gz",
      description = "IDX images to replay, cycled.")
  Path images;

  @Option(names = "--count", defaultValue = "20000", description = "Images per throughput run.")
  int count;

  @Option(
      names = "--count-batch1",
      defaultValue = "3000",
      description = "Images per batch-size-1 run.")
  int batchOneCount;

  @Option(
      names = "--rate",
      defaultValue = "1000",
      description = "Input rate of the latency run, images/s.")
  double rate;

  @Option(
      names = "--latency-seconds",
      defaultValue = "20",
      description = "Measured seconds of the latency run.")
  int latencySeconds;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "15",
      description =
          "Unmeasured seconds before the latency run (the services start with a stream thread per"
              + " core and shed the ones the rate does not need after about 12 s).")
  int warmupSeconds;

  @Option(
      names = "--repetitions",
      defaultValue = "3",
      description = "Repetitions of each throughput phase.")
  int repetitions;

  @Option(
      names = "--model",
      defaultValue = "models/default",
      description = "Model bundle directory.")
  Path model;

  @Option(
      names = "--output",
      defaultValue = "docs/bench",
      description = "Directory for pipeline.json and pipeline.md.")
  Path output;

  @Option(
      names = "--no-diagnostics",
      negatable = true,
      description =
          "Skip the one-off diagnostic runs (at_least_once, 1 and 2 stream threads, commit"
              + " interval 20 ms, low-latency settings).")
  boolean diagnostics = true;

  @Option(
      names = "--network-seconds",
      defaultValue = "" + DEFAULT_NETWORK_SECONDS,
      description = "Length of each timed network-alone run.")
  double networkSeconds;

  @Option(
      names = "--inference-threads",
      defaultValue = "1",
      description = "PyTorch intra-op threads per forward pass, as compressnet.inference.threads.")
  int inferenceThreads;

  @Option(
      names = "--refine-steps",
      defaultValue = "0",
      description =
          "Encoder refinement steps per latent, as compressnet.encoder.refine.steps (0: off);"
              + " use small --count and --rate with it.")
  int refineSteps;

  @Option(
      names = "--latency-setting",
      paramLabel = "KEY=VALUE",
      description =
          "A service setting (property name, e.g. poll.ms=2) for an extra latency run at --rate"
              + " beside the default one, both services; repeat for several settings in that run.")
  Map<String, String> latencySettings = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    if (count < 1 || batchOneCount < 1 || repetitions < 1 || rate <= 0 || inferenceThreads < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--count, --count-batch1, --repetitions, --rate and --inference-threads must be > 0");
    }
    if (refineSteps < 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--refine-steps must be >= 0");
    }
    PipelineBenchmark.run(this, System.out);
    return 0;
  }

  /**
   * The equivalent {@code compressnet bench pipeline ...} command line, as recorded in the report;
   * {@code --no-diagnostics}, {@code --refine-steps} and {@code --network-seconds} only when not
   * the defaults.
   */
  String commandLine() {
    return String.format(
        Locale.ROOT,
        "compressnet bench pipeline --images %s --count %d --count-batch1 %d --rate %.0f"
            + " --latency-seconds %d --warmup-seconds %d --repetitions %d --model %s --output"
            + " %s --inference-threads %d%s%s%s%s",
        images,
        count,
        batchOneCount,
        rate,
        latencySeconds,
        warmupSeconds,
        repetitions,
        model,
        output,
        inferenceThreads,
        diagnostics ? "" : " --no-diagnostics",
        refineSteps == 0 ? "" : " --refine-steps " + refineSteps,
        networkSeconds == DEFAULT_NETWORK_SECONDS ? "" : " --network-seconds " + networkSeconds,
        latencySettingsArgs());
  }

  private String latencySettingsArgs() {
    StringBuilder args = new StringBuilder();
    latencySettings.forEach(
        (k, v) -> args.append(" --latency-setting ").append(k).append('=').append(v));
    return args.toString();
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineCommand()).execute(args));
  }
}
