package io.compressnet.bench.pipeline;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code compressnet bench pipeline}: see {@link PipelineBenchmark}, which reads its options from
 * here. Also runnable on its own: {@code java -cp ... io.compressnet.bench.pipeline.PipelineCommand
 * [options]}.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description =
        "Throughput (encoder, decoder, Kafka-only pass-through; batch 64 vs 1), end-to-end latency"
            + " at a fixed rate, bytes per image on the broker and the network alone, on the"
            + " embedded broker. Writes pipeline.json and pipeline.md.")
public final class PipelineCommand implements Callable<Integer> {

  /** Default length of a timed network-alone run, seconds. */
  static final double DEFAULT_NETWORK_SECONDS = 1.0;

  @Option(
      names = "--images",
      description = "IDX images to replay, cycled (default: ${DEFAULT-VALUE}).",
      defaultValue = "data/sample/emnist-sample-images-idx3-ubyte.gz")
  Path images;

  @Option(
      names = "--count",
      description = "Images per throughput run (default: ${DEFAULT-VALUE}).",
      defaultValue = "20000")
  int count;

  @Option(
      names = "--count-batch1",
      description = "Images per batch-size-1 run (default: ${DEFAULT-VALUE}).",
      defaultValue = "3000")
  int batchOneCount;

  @Option(
      names = "--rate",
      description = "Input rate of the latency run, images/s (default: ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  double rate;

  @Option(
      names = "--latency-seconds",
      description = "Measured seconds of the latency run (default: ${DEFAULT-VALUE}).",
      defaultValue = "20")
  int latencySeconds;

  @Option(
      names = "--warmup-seconds",
      description = "Unmeasured seconds before the latency run (default: ${DEFAULT-VALUE}).",
      defaultValue = "5")
  int warmupSeconds;

  @Option(
      names = "--repetitions",
      description = "Repetitions of each throughput phase (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int repetitions;

  @Option(
      names = "--model",
      description = "Model bundle directory (default: ${DEFAULT-VALUE}).",
      defaultValue = "models/default")
  Path model;

  @Option(
      names = "--output",
      description = "Directory for pipeline.json and pipeline.md (default: ${DEFAULT-VALUE}).",
      defaultValue = "docs/bench")
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
      description = "Length of each timed network-alone run (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DEFAULT_NETWORK_SECONDS)
  double networkSeconds;

  @Option(
      names = "--inference-threads",
      description =
          "PyTorch intra-op threads per forward pass, as compressnet.inference.threads (default:"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int inferenceThreads;

  @Option(
      names = "--refine-steps",
      description =
          "Encoder refinement steps per latent, as compressnet.encoder.refine.steps; use small"
              + " --count and --rate with it (default: ${DEFAULT-VALUE}, off).",
      defaultValue = "0")
  int refineSteps;

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
    new PipelineBenchmark(this, System.out).run();
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
            + " %s --inference-threads %d%s%s%s",
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
        networkSeconds == DEFAULT_NETWORK_SECONDS
            ? ""
            : String.format(Locale.ROOT, " --network-seconds %s", networkSeconds));
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineCommand()).execute(args));
  }
}
