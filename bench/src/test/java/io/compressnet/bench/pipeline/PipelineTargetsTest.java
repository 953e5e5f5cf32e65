package io.compressnet.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.bench.pipeline.PipelineResult.Latencies;
import io.compressnet.bench.pipeline.PipelineResult.LatencyRun;
import io.compressnet.bench.pipeline.PipelineResult.Percentiles;
import io.compressnet.bench.pipeline.PipelineResult.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineTargetsTest {

  @Test
  void shouldJudgeEveryLatencyRunAtTheTargetRateAndNoneBelowIt() {
    // Given: two runs at the target rate (one meets 100 ms), one at half the rate
    List<LatencyRun> latency =
        List.of(
            run("default settings", 1000.0, 900, 950),
            run("low-latency settings", 1000.0, 80, 90),
            run("low-latency settings", 500.0, 40, 45));

    // When
    List<Target> targets = PipelineReport.targets(1000.0, null, latency);

    // Then
    assertThat(targets)
        .extracting(Target::what, Target::measured, Target::met)
        .containsExactly(
            tuple("p99 decodedAt - capturedAt ms at 1000.0/s, default settings", 900L, false),
            tuple("p99 received - capturedAt ms at 1000.0/s, default settings", 950L, false),
            tuple("p99 decodedAt - capturedAt ms at 1000.0/s, low-latency settings", 80L, true),
            tuple("p99 received - capturedAt ms at 1000.0/s, low-latency settings", 90L, true));
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }

  /** A latency run with only what the targets read: variant, rate and the two p99s. */
  private static LatencyRun run(String variant, double rate, long decodedP99, long receivedP99) {
    Latencies latencies =
        new Latencies(
            1,
            null,
            null,
            new Percentiles(0, 0, decodedP99, decodedP99),
            new Percentiles(0, 0, receivedP99, receivedP99));
    return new LatencyRun(
        variant, 64, Map.of(), Map.of(), rate, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), latencies,
        Map.of());
  }
}
