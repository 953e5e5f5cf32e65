package io.compressnet.cli.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Writes a {@code bench live} run: {@code live.json}, {@code live.md}, {@code live.png} (p99 per
 * window, resident memory per process, lag per group) and {@code latencies.csv.gz} (one line per
 * measured image).
 */
final class LiveReport {

  static final String JSON = "live.json";
  static final String MARKDOWN = "live.md";
  static final String PLOT = "live.png";
  static final String LATENCIES = "latencies.csv.gz";

  private LiveReport() {}

  static void write(LiveResult r, Path dir) throws IOException {
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve(JSON).toFile(), r);
    Files.writeString(dir.resolve(MARKDOWN), markdown(r), StandardCharsets.UTF_8);
    plot(r, dir.resolve(PLOT));
    try (Writer w =
        new OutputStreamWriter(
            new GZIPOutputStream(Files.newOutputStream(dir.resolve(LATENCIES))),
            StandardCharsets.UTF_8)) {
      w.write("id,capturedAt,encodedAt,decodedAt,receivedAt\n");
      for (LiveReader.ImageLatency i : r.images()) {
        w.write(
            String.join(
                    ",",
                    i.id(),
                    Long.toString(i.capturedAt()),
                    Long.toString(i.encodedAt()),
                    Long.toString(i.decodedAt()),
                    Long.toString(i.receivedAt()))
                + "\n");
      }
    }
  }

  static String markdown(LiveResult r) {
    StringBuilder md = new StringBuilder();
    LiveResult.Settings s = r.settings();
    md.append("# `bench live`: the pipeline as separate JVMs\n\n");
    md.append("`").append(s.commandLine()).append("`\n\n");
    md.append(
        f(
            "%.0f images/s for %d s (after %d s of warm-up), images `%s`, model %s, extra"
                + " environment %s. devstack, encoder, decoder and monitor each ran as its own JVM"
                + " with default settings; the producer and the reader ran in the benchmark's JVM.%n%n",
            s.rate(),
            s.seconds(),
            s.warmupSeconds(),
            s.images(),
            s.model(),
            s.extraEnv().isEmpty() ? "none" : s.extraEnv()));
    md.append(
        f(
            "Machine: %d cores, Java %s, ONEDNN_MAX_CPU_ISA=%s; started %s with load average %.2f"
                + " and %d other Java processes running; pipeline ready %.1f s after launch.%n%n",
            s.cores(),
            s.javaVersion(),
            s.onednnMaxCpuIsa(),
            s.startedAt(),
            s.loadAverageAtStart(),
            s.otherJavaProcessesAtStart(),
            s.startupSeconds()));
    counts(md, r.counts());
    latency(md, r);
    if (r.target() != null) {
      md.append("**Target p99 ≤ ")
          .append(r.target().p99TargetMs())
          .append(" ms: ")
          .append(r.target().verdict())
          .append(".**\n\n");
    }
    processes(md, r);
    lag(md, r);
    windows(md, r.windows());
    md.append("![latency, memory, lag](").append(PLOT).append(")\n\n");
    md.append(
        "All child processes stopped afterwards: "
            + (r.allChildrenGone() ? "yes" : "**no**")
            + ".\n");
    return md.toString();
  }

  private static void counts(StringBuilder md, LiveResult.Counts c) {
    md.append("## Counts (measured images)\n\n");
    md.append(
            "| sent | acknowledged | send errors | reconstructed | DLQ | duplicates | missing (not out when the drain ended) |")
        .append(" scored by the monitor |\n|---|---|---|---|---|---|---|---|\n");
    md.append(
        f(
            "| %d | %d | %d | %d | %d | %d | %d | %d |%n%n",
            c.sent(),
            c.acknowledged(),
            c.failedSends(),
            c.reconstructed(),
            c.deadLettered(),
            c.duplicates(),
            c.missing(),
            c.scored()));
    md.append(
        f(
            "in = out + DLQ: %s (%d = %d + %d).%n",
            c.inEqualsOutPlusDlq() ? "**holds**" : "**does not hold**",
            c.acknowledged(),
            c.reconstructed(),
            c.deadLettered()));
    if (!c.dlqReasons().isEmpty()) {
      md.append("DLQ reasons (first ones): ")
          .append(String.join("; ", c.dlqReasons()))
          .append('\n');
    }
    md.append('\n');
  }

  private static void latency(StringBuilder md, LiveResult r) {
    md.append("## Latency (ms, over every measured image)\n\n");
    md.append("| | images | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n");
    row(md, "`decodedAt - capturedAt`", r.decodedMinusCaptured());
    row(md, "`received - capturedAt` (read back here)", r.receivedMinusCaptured());
    row(md, "stage: `encodedAt - capturedAt`", r.stages().encodedMinusCaptured());
    row(md, "stage: `decodedAt - encodedAt`", r.stages().decodedMinusEncoded());
    md.append('\n');
  }

  private static void row(StringBuilder md, String name, LiveResult.Latency l) {
    md.append(
        f(
            "| %s | %d | %d | %d | %d | %d |%n",
            name, l.count(), l.p50(), l.p90(), l.p99(), l.max()));
  }

  private static void processes(StringBuilder md, LiveResult r) {
    md.append("## Processes\n\n");
    md.append(
        "CPU % of one core over the measured phase; CPU per image over the measured phase and the"
            + " drain; resident memory (VmRSS: heap, native PyTorch memory, stacks, code) over"
            + " both, slope fitted over the second half of the measured phase; heap in use read"
            + " over JMX (-1: not available).\n\n");
    md.append(
        "| process | pid | CPU % of a core | CPU ms / image | RSS start MiB | RSS end MiB |"
            + " RSS max MiB | RSS slope MiB/min | heap max MiB |\n"
            + "|---|---|---|---|---|---|---|---|---|\n");
    r.processSummaries()
        .forEach(
            (name, p) ->
                md.append(
                    f(
                        "| %s | %d | %.1f | %.2f | %.0f | %.0f | %.0f | %.1f | %.0f |%n",
                        name,
                        p.pid(),
                        p.cpuPercentOfCore(),
                        p.cpuMsPerImage(),
                        p.rssStartMb(),
                        p.rssEndMb(),
                        p.rssMaxMb(),
                        p.rssSlopeMbPerMinSecondHalf(),
                        p.heapMaxMb())));
    md.append('\n');
  }

  private static void lag(StringBuilder md, LiveResult r) {
    md.append("## Consumer lag (records, measured phase and drain)\n\n");
    md.append("| group | max | end |\n|---|---|---|\n");
    r.lag().forEach((g, l) -> md.append(f("| %s | %d | %d |%n", g, l.max(), l.end())));
    md.append('\n');
  }

  private static void windows(StringBuilder md, List<LiveResult.Window> windows) {
    md.append("## `decodedAt - capturedAt` per 10-s window of capture time (ms)\n\n");
    md.append("| from s | images | p50 | p99 | max |\n|---|---|---|---|---|\n");
    for (LiveResult.Window w : windows) {
      md.append(
          f("| %d | %d | %d | %d | %d |%n", w.startSecond(), w.count(), w.p50(), w.p99(), w.max()));
    }
    md.append('\n');
  }

  static void plot(LiveResult r, Path png) throws IOException {
    XYChart latency = chart("decodedAt - capturedAt per 10-s window", "capture time (s)", "ms");
    if (!r.windows().isEmpty()) {
      double[] x = r.windows().stream().mapToDouble(LiveResult.Window::startSecond).toArray();
      latency.addSeries(
          "p99", x, r.windows().stream().mapToDouble(LiveResult.Window::p99).toArray());
      latency.addSeries(
          "p50", x, r.windows().stream().mapToDouble(LiveResult.Window::p50).toArray());
    }
    XYChart memory = chart("resident memory per process", "time (s)", "MiB");
    XYChart lag = chart("consumer lag per group", "time (s)", "records");
    List<LiveResult.Sample> samples = r.samples();
    if (!samples.isEmpty()) {
      for (String name : samples.get(samples.size() - 1).processes().keySet()) {
        List<LiveResult.Sample> with =
            samples.stream().filter(s -> s.processes().containsKey(name)).toList();
        if (with.size() > 1) {
          memory.addSeries(
              name,
              with.stream().mapToDouble(LiveResult.Sample::t).toArray(),
              with.stream().mapToDouble(s -> s.processes().get(name).rssMb()).toArray());
        }
      }
      for (String group : LiveBench.GROUP_INPUTS.keySet()) {
        List<LiveResult.Sample> with =
            samples.stream().filter(s -> s.lag().containsKey(group)).toList();
        if (with.size() > 1) {
          lag.addSeries(
              group,
              with.stream().mapToDouble(LiveResult.Sample::t).toArray(),
              with.stream().mapToDouble(s -> s.lag().get(group)).toArray());
        }
      }
    }
    for (XYChart chart : List.of(latency, memory, lag)) {
      if (chart.getSeriesMap().isEmpty()) {
        chart.addSeries("(no data)", new double[] {0}, new double[] {0});
      }
    }
    List<BufferedImage> parts =
        List.of(
            BitmapEncoder.getBufferedImage(latency),
            BitmapEncoder.getBufferedImage(memory),
            BitmapEncoder.getBufferedImage(lag));
    int width = parts.stream().mapToInt(BufferedImage::getWidth).max().getAsInt();
    int height = parts.stream().mapToInt(BufferedImage::getHeight).sum();
    BufferedImage all = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    int y = 0;
    for (BufferedImage part : parts) {
      g.drawImage(part, 0, y, null);
      y += part.getHeight();
    }
    g.dispose();
    ImageIO.write(all, "png", png.toFile());
  }

  private static XYChart chart(String title, String x, String y) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(320)
            .title(title)
            .xAxisTitle(x)
            .yAxisTitle(y)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setMarkerSize(3);
    return chart;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
