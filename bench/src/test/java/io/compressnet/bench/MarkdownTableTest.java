package io.compressnet.bench;

import static io.compressnet.bench.MarkdownTable.Align.LEFT;
import static io.compressnet.bench.MarkdownTable.Align.RIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {

  @Test
  void shouldRenderHeadersAlignmentAndRowsAsMarkdown() {
    // Given a two-column table, the second column right-aligned
    MarkdownTable table = new MarkdownTable("codec", "bytes").align(LEFT, RIGHT);

    // When two rows are added, one with a number and one with an empty cell
    table.row("WebP", 135.2).row("PNG", null);

    // Then each line is a row of cells between pipes; the rule row has no spaces
    assertThat(table.toString())
        .isEqualTo(
            """
            | codec | bytes |
            |---|---:|
            | WebP | 135.2 |
            | PNG |  |
            """);
  }

  @Test
  void shouldLeaveColumnsLeftAlignedUnlessToldAndEscapePipesInCells() {
    // Given a table without an alignment
    MarkdownTable table = new MarkdownTable("what", "met");

    // When a cell holds a pipe
    table.row("a | b", "yes");

    // Then the pipe is escaped, so the row keeps its two cells
    assertThat(table.toString()).isEqualTo("| what | met |\n|---|---|\n| a \\| b | yes |\n");
  }

  @Test
  void shouldRefuseARowOfTheWrongWidth() {
    // Given a table of two columns
    MarkdownTable table = new MarkdownTable("a", "b");

    // When / Then: a row of three cells and an alignment of one are refused
    assertThatThrownBy(() -> table.row(1, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("3 cells for a table of 2 columns");
    assertThatThrownBy(() -> table.align(RIGHT)).isInstanceOf(IllegalArgumentException.class);
  }
}
