package io.compressnet.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompareWorkflowTest {

  @Test
  void shouldLabelADesignThatAppearsTwiceByItsModelHash() {
    // Given one design at two budgets and another once
    List<CompareWorkflow.Row> rows =
        List.of(
            row("lite10", "emnist-lite10-32-int8@aaaa1111"),
            row("psres", "emnist-psres32-int8@bbbb2222"),
            row("lite10", "emnist-lite10-32-int8@cccc3333"));

    // When / Then: labels stay unique, so table rows and chart series can be told apart
    assertThat(CompareWorkflow.labels(rows))
        .containsExactly("lite10 @aaaa1111", "psres", "lite10 @cccc3333");
  }

  private static CompareWorkflow.Row row(String design, String modelId) {
    Evaluation.PathScores split =
        new Evaluation.PathScores("split", "INT8", 32, 32.0, 10, 0.004, 24.0, 25.0, 0.97, 0.5);
    return new CompareWorkflow.Row(design, modelId, 1, 2, 3, 0.1, 0.2, split, 4, 5, 6, 7);
  }
}
