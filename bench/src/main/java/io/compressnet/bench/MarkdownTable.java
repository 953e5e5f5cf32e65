package io.compressnet.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A Markdown table: a header row, one alignment per column, rows of cells. Every report table of
 * the benchmarks is one of these, so they all escape and align the same way.
 */
public final class MarkdownTable {

  /** How a column is aligned; LEFT is Markdown's default, written as a bare {@code ---}. */
  public enum Align {
    LEFT("---"),
    RIGHT("---:");

    private final String rule;

    Align(String rule) {
      this.rule = rule;
    }
  }

  private final List<String> headers;
  private List<Align> alignment;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table with these column headers, every column left-aligned. */
  public MarkdownTable(String... headers) {
    this.headers = List.of(headers);
    this.alignment = Collections.nCopies(headers.length, Align.LEFT);
  }

  /** Sets the alignment of every column, in order. */
  public MarkdownTable align(Align... columns) {
    this.alignment = List.of(requireWidth(columns));
    return this;
  }

  /** Adds a row; a null cell is empty, anything else is its {@code toString()}. */
  public MarkdownTable row(Object... cells) {
    rows.add(Arrays.stream(requireWidth(cells)).map(c -> Objects.toString(c, "")).toList());
    return this;
  }

  /** The table, one line per row, each ending in a newline. */
  @Override
  public String toString() {
    StringBuilder md = new StringBuilder(line(headers));
    md.append("|").append(String.join("|", alignment.stream().map(a -> a.rule).toList()));
    md.append("|\n");
    rows.forEach(r -> md.append(line(r)));
    return md.toString();
  }

  private static String line(List<String> cells) {
    // A pipe inside a cell would end the cell early.
    return "| "
        + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList())
        + " |\n";
  }

  private <T> T[] requireWidth(T[] cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          cells.length + " cells for a table of " + headers.size() + " columns");
    }
    return cells;
  }
}
