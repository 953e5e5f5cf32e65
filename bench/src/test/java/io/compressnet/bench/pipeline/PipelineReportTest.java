package io.compressnet.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.compressnet.bench.pipeline.PipelineResult.Run;
import io.compressnet.trainer.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineReportTest {

  private static final Path COMMITTED = Path.of("../docs/bench");

  @Test
  void shouldWriteARunUnderTheJsonNamesOfPipelineJsonAndReadItBackUnchanged() throws Exception {
    // Given a pass-through run: it does not batch, and it timed out, so it has no latency figure
    Run run =
        new Run(
            "kafka-bytes-copy",
            1,
            "bench-kafka-bytes-copy-r1-x",
            "bench-kafka-bytes-copy-r1-x",
            80000,
            true,
            79000,
            0.939,
            84132,
            0.412,
            null,
            0,
            0,
            null,
            null,
            Map.of("commit-total", 12.0),
            Map.of(ThreadCpu.STREAM_THREAD, 1.5));

    // When it is written as the report writes it, and read back
    String json = Reports.JSON.writeValueAsString(run);
    Run back = Reports.JSON.readValue(json, Run.class);

    // Then the fields are those of pipeline.json, absent batch figures are left out, none is lost
    JsonNode tree = Reports.JSON.readTree(json);
    assertThat(tree.properties().stream().map(Map.Entry::getKey))
        .containsExactly(
            "phase",
            "repetition",
            "outputTopic",
            "applicationId",
            "images",
            "timedOut",
            "committedOutputs",
            "seconds",
            "imagesPerSecond",
            "startupSeconds",
            "lastOutputProcessedToCommittedMs",
            "dlq",
            "batches",
            "kafkaStreamsMetrics",
            "cpuSecondsByThreadGroup");
    assertThat(tree.get("lastOutputProcessedToCommittedMs").isNull()).isTrue();
    assertThat(back).isEqualTo(run);
  }

  @Test
  void shouldTakePerRunFiguresFromTheMedianRepetitionNotTheFirst() {
    // Given three repetitions, the first one the slowest (it also compiled the code paths)
    PipelineResult.Phase phase =
        new PipelineResult.Phase(
            4363, new long[] {3261, 4363, 4099}, List.of(run(1, 3261), run(2, 4363), run(3, 4099)));

    // When the report picks the run it takes CPU and commit figures from
    Run median = phase.medianRun();

    // Then it is the repetition of the median images/s
    assertThat(median.repetition()).isEqualTo(3);
    assertThat(median.imagesPerSecond()).isEqualTo(4099);
  }

  private static Run run(int repetition, long imagesPerSecond) {
    return new Run(
        "decoder-b64",
        repetition,
        "out",
        "app",
        20000,
        false,
        20000,
        20000.0 / imagesPerSecond,
        imagesPerSecond,
        0.3,
        20L,
        0,
        300,
        64.0,
        1.0,
        Map.of(),
        Map.of(ThreadCpu.STREAM_THREAD, 1.0));
  }

  @Test
  void shouldRenderTheCommittedPipelineJsonToTheCommittedMarkdown(@TempDir Path dir)
      throws Exception {
    // Given the committed report's raw figures
    Files.copy(COMMITTED.resolve("pipeline.json"), dir.resolve("pipeline.json"));

    // When pipeline.md is rewritten from them, as docs/bench/README.md describes
    PipelineReport.main(new String[] {dir.toString()});

    // Then it is the committed page, up to the hand-written notes
    assertThat(generated(dir.resolve("pipeline.md")))
        .isEqualTo(generated(COMMITTED.resolve("pipeline.md")));
  }

  private static String generated(Path md) throws Exception {
    String page = Files.readString(md);
    return page.substring(0, page.indexOf(PipelineReport.NOTES_MARKER));
  }
}
