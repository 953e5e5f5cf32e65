package io.compressnet.cli.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a mid-run restart cost, read from the reconstructions' arrival times at the reader: the
 * longest stretch after the stop during which no reconstruction arrived, and how long after the new
 * processes were launched output resumed.
 *
 * @param restart what was restarted, how, when
 * @param stopMs epoch ms when the stop began (SIGKILL or SIGTERM sent)
 * @param stoppedMs epoch ms when the old processes were gone
 * @param launchedMs epoch ms when the new processes were launched
 * @param gapStartMs epoch ms of the last reconstruction before the longest gap after the stop
 * @param gapEndMs epoch ms of the first reconstruction after it
 */
public record RecoveryResult(
    String restart, long stopMs, long stoppedMs, long launchedMs, long gapStartMs, long gapEndMs) {

  /** Milliseconds with no reconstruction arriving. */
  public long noOutputMs() {
    return gapEndMs - gapStartMs;
  }

  /** From the new processes' launch (JVM start included) to the first reconstruction after it. */
  public long launchToOutputMs() {
    return gapEndMs - launchedMs;
  }

  /** From the stop to the first reconstruction after the gap. */
  public long stopToOutputMs() {
    return gapEndMs - stopMs;
  }

  /**
   * The longest gap between consecutive arrivals that ends after {@code stopMs}.
   *
   * @throws IllegalStateException if no reconstruction arrived after the stop
   */
  static RecoveryResult of(
      Restart restart,
      long stopMs,
      long stoppedMs,
      long launchedMs,
      List<LiveReader.ImageLatency> latencies) {
    long[] arrivals = latencies.stream().mapToLong(LiveReader.ImageLatency::receivedAt).toArray();
    Arrays.sort(arrivals);
    long bestStart = -1;
    long bestEnd = -1;
    for (int i = 1; i < arrivals.length; i++) {
      if (arrivals[i] > stopMs && arrivals[i] - arrivals[i - 1] > bestEnd - bestStart) {
        bestStart = Math.max(arrivals[i - 1], 0);
        bestEnd = arrivals[i];
      }
    }
    if (bestEnd < 0) {
      throw new IllegalStateException("no reconstruction arrived after the restart " + restart);
    }
    return new RecoveryResult(
        restart.toString(), stopMs, stoppedMs, launchedMs, bestStart, bestEnd);
  }

  /** One line for the console and the report. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "restart %s: old processes gone %d ms after the stop; no reconstruction arrived for %d ms"
            + " (from %d ms after the stop); output resumed %d ms after the new processes were"
            + " launched (%d ms after the stop)",
        restart,
        stoppedMs - stopMs,
        noOutputMs(),
        gapStartMs - stopMs,
        launchToOutputMs(),
        stopToOutputMs());
  }

  /** Writes {@code recovery.json} and appends a section to {@code live.md}. */
  void write(Path output) throws IOException {
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(output.resolve("recovery.json").toFile(), this);
    Files.writeString(
        output.resolve("live.md"),
        "\n## Restart\n\n" + describe() + ".\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }
}
