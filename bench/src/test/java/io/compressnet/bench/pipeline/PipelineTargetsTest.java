package io.compressnet.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineTargetsTest {

  @Test
  void shouldJudgeEveryLatencyRunAtTheTargetRateAndNoneBelowIt() {
    // Given: two runs at the target rate (one meets 100 ms), one at half the rate
    Map<String, Object> result =
        Map.of(
            "settings",
            Map.of("latencyRate", 1000.0),
            "latency",
            List.of(
                run("default settings", 1000.0, 900, 950),
                run("low-latency settings", 1000.0, 80, 90),
                run("low-latency settings", 500.0, 40, 45)));

    // When
    List<Map<String, Object>> targets = PipelineReport.targets(result);

    // Then
    assertThat(targets)
        .extracting(t -> t.get("what"), t -> t.get("measured"), t -> t.get("met"))
        .containsExactly(
            tuple("p99 decodedAt - capturedAt ms at 1000.0/s, default settings", 900L, false),
            tuple("p99 received - capturedAt ms at 1000.0/s, default settings", 950L, false),
            tuple("p99 decodedAt - capturedAt ms at 1000.0/s, low-latency settings", 80L, true),
            tuple("p99 received - capturedAt ms at 1000.0/s, low-latency settings", 90L, true));
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }

  private static Map<String, Object> run(
      String variant, double rate, long decodedP99, long receivedP99) {
    return Map.of(
        "variant",
        variant,
        "ratePerSecond",
        rate,
        "latencyMs",
        Map.of(
            "decodedAt - capturedAt", Map.of("p99", decodedP99),
            "received - capturedAt", Map.of("p99", receivedP99)));
  }
}
