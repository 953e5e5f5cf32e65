package io.compressnet.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PipelineOptionsTest {

  private static PipelineBenchmark.Options options(boolean diagnostics, int refineSteps) {
    return new PipelineBenchmark.Options(
        Path.of("data/sample/emnist-sample-images-idx3-ubyte.gz"),
        20000,
        3000,
        1000,
        20,
        5,
        3,
        Path.of("models/default"),
        Path.of("docs/bench"),
        diagnostics,
        1.0,
        1,
        refineSteps);
  }

  @Test
  void shouldRenderTheCommandLineWithoutDefaultOnlyFlags() {
    assertThat(options(true, 0).command())
        .isEqualTo(
            "compressnet bench pipeline --images data/sample/emnist-sample-images-idx3-ubyte.gz"
                + " --count 20000 --count-batch1 3000 --rate 1000 --latency-seconds 20"
                + " --warmup-seconds 5 --repetitions 3 --model models/default --output docs/bench"
                + " --inference-threads 1");
  }

  @Test
  void shouldAddNoDiagnosticsAndRefineStepsWhenNotTheDefaults() {
    assertThat(options(false, 4).command())
        .endsWith(" --inference-threads 1 --no-diagnostics --refine-steps 4");
  }

  @Test
  void shouldRoundTheRateAndKeepANonDefaultNetworkRunLength() {
    PipelineBenchmark.Options options =
        new PipelineBenchmark.Options(
            Path.of("i"), 1, 1, 12.6, 1, 0, 1, Path.of("m"), Path.of("o"), true, 0.5, 2, 0);

    assertThat(options.command())
        .isEqualTo(
            "compressnet bench pipeline --images i --count 1 --count-batch1 1 --rate 13"
                + " --latency-seconds 1 --warmup-seconds 0 --repetitions 1 --model m --output o"
                + " --inference-threads 2 --network-seconds 0.5");
  }
}
