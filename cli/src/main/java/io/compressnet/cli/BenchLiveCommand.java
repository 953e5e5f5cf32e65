package io.compressnet.cli;

import io.compressnet.cli.live.LiveBench;
import io.compressnet.cli.live.LiveResult;
import io.compressnet.cli.live.Restart;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code compressnet bench live}: the pipeline as separate JVMs at a fixed rate. */
@Command(
    name = "live",
    mixinStandardHelpOptions = true,
    description = {
      "The pipeline as a user runs it: starts `devstack`, `encoder`, `decoder` and `monitor` as"
          + " separate child JVMs of this command (default settings; only the broker and registry"
          + " addresses and free ports are set), sends ImageEvents from an IDX file at a fixed"
          + " rate and reads images.reconstructed back (read_committed).",
      "",
      "Measures, per image, decodedAt - capturedAt and received - capturedAt (p50/p99/max overall"
          + " and per 10-s window); counts reconstructed, DLQ and scored images (in = out + DLQ);"
          + " and every second CPU and resident memory of each process (/proc, PyTorch's native"
          + " memory included), JVM heap in use (JMX) and each service group's consumer lag."
          + " Writes live.json, live.md, live.png and latencies.csv.gz, plus each child's log, to"
          + " --output. Every child is stopped at the end, on error and on Ctrl-C.",
      "",
      "For a soak, give a long --seconds: the report shows whether memory stays flat (RSS slope"
          + " over the second half) and lag bounded.",
    })
final class BenchLiveCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "300",
      description = "Images per second sent to images.raw. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      defaultValue = "60",
      description = "Length of the measured phase. Default: ${DEFAULT-VALUE}.")
  int seconds;

  @Option(
      names = "--warmup",
      paramLabel = "S",
      defaultValue = "0",
      description =
          "Seconds at the same rate before measuring, not counted (the pipeline is already ready:"
              + " probe images went through). Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      defaultValue = "target/bench-live",
      description = "Report and child logs. Default: ${DEFAULT-VALUE}.")
  Path output;

  @Option(
      names = "--images",
      paramLabel = "FILE",
      defaultValue = "data/sample/emnist-sample-images-idx3-ubyte.gz",
      description = "IDX images, cycled. Default: ${DEFAULT-VALUE}.")
  Path images;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "Model bundle: COMPRESSNET_MODEL_DIR of the encoder, its parent COMPRESSNET_MODELS_DIR"
              + " of the decoder (default: the services' defaults, models/default and models).")
  Path model;

  @Option(
      names = "--env",
      paramLabel = "KEY=VALUE",
      description =
          "Extra environment for encoder, decoder and monitor, e.g. --env"
              + " COMPRESSNET_BATCH_SIZE=16 (repeatable).")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(
      names = "--target-p99-ms",
      paramLabel = "N",
      description = "Say whether p99 of decodedAt - capturedAt was at most N ms.")
  Long targetP99Ms;

  @Option(
      names = "--restart",
      paramLabel = "SERVICES:kill|term@S",
      description =
          "Restart services mid-run to measure recovery, e.g. encoder:kill@30 (SIGKILL the encoder"
              + " 30 s into the measured phase, start it again at once with the same settings and"
              + " state) or all:term@30 (a clean restart of encoder, decoder and monitor). The"
              + " report adds how long no reconstruction arrived (recovery.json).")
  String restart;

  @Override
  public Integer call() throws Exception {
    if (rate <= 0 || seconds < 1 || warmup < 0) {
      throw new ParameterException(
          spec.commandLine(), "--rate must be > 0, --seconds >= 1 and --warmup >= 0");
    }
    if (env.keySet().stream().anyMatch(k -> k.equals("COMPRESSNET_APPLICATION_ID"))) {
      throw new ParameterException(
          spec.commandLine(), "COMPRESSNET_APPLICATION_ID would give the three services one id");
    }
    Restart parsedRestart;
    try {
      parsedRestart = restart == null ? null : Restart.parse(restart);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (parsedRestart != null && parsedRestart.atSecond() >= seconds) {
      throw new ParameterException(spec.commandLine(), "--restart must fall within --seconds");
    }
    LiveResult result;
    try {
      result = run(parsedRestart);
    } catch (IllegalStateException e) {
      // A child died early or the pipeline never became ready: the message has the log's tail.
      spec.commandLine().getErr().println("compressnet bench live: " + e.getMessage());
      return 1;
    }
    System.out.printf(
        "%d sent, %d reconstructed, %d DLQ, %d missing; decodedAt - capturedAt p50 %d ms, p99 %d"
            + " ms, max %d ms. Report: %s%n",
        result.counts().acknowledged(),
        result.counts().reconstructed(),
        result.counts().deadLettered(),
        result.counts().missing(),
        result.decodedMinusCaptured().p50(),
        result.decodedMinusCaptured().p99(),
        result.decodedMinusCaptured().max(),
        output.resolve("live.md"));
    return result.counts().inEqualsOutPlusDlq()
            && (result.target() == null || result.target().met())
        ? 0
        : 3;
  }

  private LiveResult run(Restart parsedRestart) throws Exception {
    return new LiveBench(
            new LiveBench.Options(
                rate,
                seconds,
                warmup,
                output,
                images,
                model,
                env,
                targetP99Ms,
                CompressNet.class.getName(),
                System.getProperty("java.class.path"),
                "compressnet "
                    + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                true,
                parsedRestart),
            System.out)
        .run();
  }
}
