package io.compressnet.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.cli.CompressNet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short soak of {@code bench live}: real child JVMs for the devstack and each service, 20 s at
 * 50 images/s. (Speed is not asserted; that is what the benchmark reports.)
 */
class LiveBenchTest {

  private static final List<String> PROCESSES =
      List.of("devstack", "registry", "encoder", "decoder", "monitor");

  @TempDir Path output;

  @Test
  void shouldCarryEveryImageThroughSeparateServiceJvms() throws Exception {
    // Given the pipeline started as separate JVMs, fed at 50 images/s for 20 s
    LiveBench bench =
        new LiveBench(
            new LiveBench.Options(
                50,
                20,
                0,
                output,
                Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz"),
                Path.of("../models/default"),
                Map.of(),
                null,
                CompressNet.class.getName(),
                System.getProperty("java.class.path"),
                "LiveBenchTest",
                false,
                null),
            System.out);

    // When it runs to the end
    LiveResult result = bench.run();

    // Then every image came out exactly once, none went to the DLQ, and each has a latency
    LiveResult.Counts counts = result.counts();
    assertThat(counts.acknowledged()).isEqualTo(1000);
    assertThat(counts.reconstructed()).isEqualTo(1000);
    assertThat(counts.deadLettered()).isZero();
    assertThat(counts.duplicates()).isZero();
    assertThat(counts.missing()).isZero();
    assertThat(counts.inEqualsOutPlusDlq()).isTrue();
    assertThat(result.images()).hasSize(1000);
    assertThat(result.images().stream().map(LiveReader.ImageLatency::id).distinct()).hasSize(1000);
    assertThat(result.images())
        .allSatisfy(i -> assertThat(i.decodedAt()).isBetween(i.capturedAt(), i.receivedAt()));
    assertThat(result.images())
        .allSatisfy(i -> assertThat(i.encodedAt()).isBetween(i.capturedAt(), i.decodedAt()));
    assertThat(result.decodedMinusCaptured().count()).isEqualTo(1000);
    assertThat(result.stages().encodedMinusCaptured().count()).isEqualTo(1000);
    assertThat(result.stages().decodedMinusEncoded().p50())
        .isLessThanOrEqualTo(result.decodedMinusCaptured().p50());
    // and every process has CPU and memory samples through the measured phase
    Map<String, Long> measuredSamples =
        result.samples().stream()
            .filter(s -> s.phase().equals("measured"))
            .flatMap(s -> s.processes().entrySet().stream())
            .filter(e -> e.getValue().cpuMs() > 0 && e.getValue().rssMb() > 0)
            .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.counting()));
    assertThat(measuredSamples.keySet()).containsAll(PROCESSES);
    PROCESSES.forEach(p -> assertThat(measuredSamples.get(p)).as(p).isGreaterThanOrEqualTo(15));
    assertThat(result.processSummaries().keySet()).containsAll(PROCESSES);
    assertThat(result.lag().keySet()).containsExactlyElementsOf(LiveBench.GROUP_INPUTS.keySet());
    // and the report is written, and no child process is left
    assertThat(output.resolve(LiveReport.JSON)).isNotEmptyFile();
    assertThat(Files.readString(output.resolve(LiveReport.MARKDOWN)))
        .contains("in = out + DLQ: **holds** (1000 = 1000 + 0)");
    assertThat(output.resolve(LiveReport.PLOT)).isNotEmptyFile();
    assertThat(result.allChildrenGone()).isTrue();
    assertThat(bench.childPids()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(bench.childPids())
        .allSatisfy(
            pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("pid %d alive", pid)
                    .isFalse());
  }
}
