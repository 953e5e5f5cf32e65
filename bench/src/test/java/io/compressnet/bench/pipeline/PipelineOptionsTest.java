package io.compressnet.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PipelineOptionsTest {

  private static PipelineCommand parse(String... args) {
    return CommandLine.populateCommand(new PipelineCommand(), args);
  }

  @Test
  void shouldRenderTheCommandLineWithoutDefaultOnlyFlags() {
    assertThat(parse().commandLine())
        .isEqualTo(
            "compressnet bench pipeline --images data/sample/emnist-sample-images-idx3-ubyte.gz"
                + " --count 20000 --count-batch1 3000 --rate 1000 --latency-seconds 20"
                + " --warmup-seconds 15 --repetitions 3 --model models/default --output docs/bench"
                + " --inference-threads 1");
  }

  @Test
  void shouldAddNoDiagnosticsAndRefineStepsWhenNotTheDefaults() {
    assertThat(parse("--no-diagnostics", "--refine-steps", "4").commandLine())
        .endsWith(" --inference-threads 1 --no-diagnostics --refine-steps 4");
  }

  @Test
  void shouldRoundTheRateAndKeepANonDefaultNetworkRunLength() {
    PipelineCommand options =
        parse(
            "--images=i",
            "--count=1",
            "--count-batch1=1",
            "--rate=12.6",
            "--latency-seconds=1",
            "--warmup-seconds=0",
            "--repetitions=1",
            "--model=m",
            "--output=o",
            "--network-seconds=0.5",
            "--inference-threads=2");

    assertThat(options.commandLine())
        .isEqualTo(
            "compressnet bench pipeline --images i --count 1 --count-batch1 1 --rate 13"
                + " --latency-seconds 1 --warmup-seconds 0 --repetitions 1 --model m --output o"
                + " --inference-threads 2 --network-seconds 0.5");
  }

  @Test
  void shouldKeepLatencySettingsInOrderInTheCommandLineAndTheVariantName() {
    PipelineCommand options =
        parse("--latency-setting", "poll.ms=2", "--latency-setting", "commit.interval.ms=20");

    assertThat(options.commandLine())
        .endsWith(
            " --inference-threads 1 --latency-setting poll.ms=2"
                + " --latency-setting commit.interval.ms=20");
    assertThat(Latency.settingsName(options.latencySettings))
        .isEqualTo("poll.ms=2, commit.interval.ms=20");
  }
}
