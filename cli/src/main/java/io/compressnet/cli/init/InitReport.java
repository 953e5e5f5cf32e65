package io.compressnet.cli.init;

import java.util.ArrayList;
import java.util.List;

/** What {@code compressnet init} did or would do, one row per topic, subject and registry. */
public final class InitReport {

  /** OK: as configured; CHANGED: created or set (or would be); DIFFERS: noted; CONFLICT: fails. */
  public enum Outcome {
    OK,
    CHANGED,
    DIFFERS,
    CONFLICT
  }

  /** One line of the report. */
  public record Row(Outcome outcome, String kind, String name, String detail) {}

  private final List<Row> rows = new ArrayList<>();

  void add(Outcome outcome, String kind, String name, String detail) {
    rows.add(new Row(outcome, kind, name, detail));
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  public boolean hasConflicts() {
    return rows.stream().anyMatch(r -> r.outcome() == Outcome.CONFLICT);
  }

  /** The row about {@code name}. */
  public Row row(String name) {
    return rows.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no row for " + name));
  }

  /** A fixed-width table: outcome, kind, name, detail. */
  public String toTable() {
    int nameWidth = Math.max(4, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
    String format = "%-8s  %-8s  %-" + nameWidth + "s  %s%n";
    StringBuilder out =
        new StringBuilder(String.format(format, "RESULT", "KIND", "NAME", "DETAIL"));
    rows.forEach(
        r -> out.append(String.format(format, r.outcome(), r.kind(), r.name(), r.detail())));
    return out.toString();
  }
}
