package io.compressnet.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  @Test
  void shouldGroupThreadsByTheRoleTheirKafkaNamesGive() {
    assertThat(ThreadCpu.group("bench-encoder-b64-r1-0a1b-StreamThread-1"))
        .startsWith("stream thread");
    assertThat(
            ThreadCpu.group(
                "kafka-producer-network-thread | bench-encoder-b64-r1-StreamThread-1-producer"))
        .isEqualTo("producer I/O threads");
    assertThat(ThreadCpu.group("data-plane-kafka-request-handler-3"))
        .isEqualTo("broker request handlers");
    assertThat(ThreadCpu.group("data-plane-kafka-network-thread-1-ListenerName(PLAINTEXT)-0"))
        .isEqualTo("broker network threads");
    assertThat(ThreadCpu.group("bench-output-counter")).isEqualTo("benchmark clients");
    assertThat(ThreadCpu.group("quorum-controller-1-event-handler"))
        .isEqualTo("broker and other background");
  }

  @Test
  void shouldAttributeOnlyTheCpuSpentBetweenSnapshots() {
    ThreadCpu.Snapshot before =
        new ThreadCpu.Snapshot(
            Map.of(1L, "app-StreamThread-1", 2L, "data-plane-kafka-request-handler-0"),
            Map.of(1L, 1_000_000_000L, 2L, 500_000_000L),
            2_000_000_000L);
    ThreadCpu.Snapshot after =
        new ThreadCpu.Snapshot(
            Map.of(
                1L, "app-StreamThread-1",
                2L, "data-plane-kafka-request-handler-0",
                3L, "data-plane-kafka-request-handler-1"),
            Map.of(1L, 3_000_000_000L, 2L, 1_000_000_000L, 3L, 250_000_000L),
            6_000_000_000L);

    Map<String, Double> seconds = ThreadCpu.secondsByGroup(before, after);

    assertThat(seconds)
        .containsExactly(
            Map.entry("stream thread (poll, process, inference, commit)", 2.0),
            Map.entry("broker request handlers", 0.75),
            Map.entry("(GC, JIT, exited threads)", 1.25),
            Map.entry("process total", 4.0));
  }
}
