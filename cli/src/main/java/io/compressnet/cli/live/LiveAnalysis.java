package io.compressnet.cli.live;

import io.compressnet.bench.pipeline.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/** Turns a run's raw readings into the figures of {@link LiveResult}. */
final class LiveAnalysis {

  static final int WINDOW_SECONDS = 10;

  private LiveAnalysis() {}

  static LiveResult analyse(
      LiveResult.Settings settings,
      List<LiveResult.Child> processes,
      long sent,
      long acknowledged,
      long failedSends,
      LiveReader reader,
      List<LiveResult.Sample> samples,
      LiveBench.Options options) {
    List<LiveReader.ImageLatency> images = reader.latencies();
    long out = reader.reconstructed();
    long dlq = reader.deadLettered();
    long missing = Math.max(0, acknowledged - out - dlq);
    LiveResult.Counts counts =
        new LiveResult.Counts(
            sent,
            acknowledged,
            failedSends,
            out,
            dlq,
            reader.duplicates(),
            reader.scored(),
            missing,
            acknowledged == out + dlq && reader.duplicates() == 0 && failedSends == 0,
            reader.dlqReasons());
    LiveResult.Latency decoded = latency(images, i -> i.decodedAt() - i.capturedAt());
    LiveResult.Latency received = latency(images, i -> i.receivedAt() - i.capturedAt());
    LiveResult.Stages stages =
        new LiveResult.Stages(
            latency(images, i -> i.encodedAt() - i.capturedAt()),
            latency(images, i -> i.decodedAt() - i.encodedAt()));
    return new LiveResult(
        settings,
        processes,
        counts,
        decoded,
        received,
        stages,
        windows(images, samples),
        processSummaries(samples, processes, out + dlq, settings.seconds()),
        lagSummaries(samples),
        target(options.targetP99Ms(), decoded, counts),
        false,
        samples,
        images);
  }

  static LiveResult withChildrenGone(LiveResult r, boolean gone) {
    return new LiveResult(
        r.settings(),
        r.processes(),
        r.counts(),
        r.decodedMinusCaptured(),
        r.receivedMinusCaptured(),
        r.stages(),
        r.windows(),
        r.processSummaries(),
        r.lag(),
        r.target(),
        gone,
        r.samples(),
        r.images());
  }

  static LiveResult.Latency latency(
      List<LiveReader.ImageLatency> images, ToLongFunction<LiveReader.ImageLatency> f) {
    if (images.isEmpty()) {
      return new LiveResult.Latency(0, -1, -1, -1, -1);
    }
    long[] v = images.stream().mapToLong(f).sorted().toArray();
    return new LiveResult.Latency(
        v.length,
        Stats.percentile(v, 50),
        Stats.percentile(v, 90),
        Stats.percentile(v, 99),
        v[v.length - 1]);
  }

  /** Windows of {@code capturedAt}, from the start of the measured phase (first sample there). */
  static List<LiveResult.Window> windows(
      List<LiveReader.ImageLatency> images, List<LiveResult.Sample> samples) {
    if (images.isEmpty()) {
      return List.of();
    }
    long origin = images.stream().mapToLong(LiveReader.ImageLatency::capturedAt).min().getAsLong();
    Map<Integer, List<Long>> byWindow = new TreeMap<>();
    for (LiveReader.ImageLatency i : images) {
      int w = (int) ((i.capturedAt() - origin) / 1000 / WINDOW_SECONDS) * WINDOW_SECONDS;
      byWindow.computeIfAbsent(w, k -> new ArrayList<>()).add(i.decodedAt() - i.capturedAt());
    }
    List<LiveResult.Window> out = new ArrayList<>();
    byWindow.forEach(
        (start, values) -> {
          long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
          out.add(
              new LiveResult.Window(
                  start,
                  v.length,
                  Stats.percentile(v, 50),
                  Stats.percentile(v, 99),
                  v[v.length - 1]));
        });
    return out;
  }

  /**
   * Per process: CPU as % of a core over the measured phase; CPU per image over the measured phase
   * and the drain (all the work those images caused); memory over both.
   */
  static Map<String, LiveResult.ProcessSummary> processSummaries(
      List<LiveResult.Sample> samples, List<LiveResult.Child> processes, long images, int seconds) {
    List<LiveResult.Sample> measured = measuredAndDrain(samples);
    List<LiveResult.Sample> measuredOnly =
        samples.stream().filter(s -> s.phase().equals("measured")).toList();
    Map<String, LiveResult.ProcessSummary> out = new LinkedHashMap<>();
    if (measured.size() < 2) {
      return out;
    }
    for (String name : measured.get(0).processes().keySet()) {
      List<double[]> rss = new ArrayList<>(); // t, MiB
      double heapMax = -1;
      LiveResult.Sample first = null;
      LiveResult.Sample last = null;
      for (LiveResult.Sample s : measured) {
        LiveResult.ProcessSample p = s.processes().get(name);
        if (p == null) {
          continue;
        }
        first = first == null ? s : first;
        last = s;
        rss.add(new double[] {s.t(), p.rssMb()});
        heapMax = Math.max(heapMax, p.heapMb());
      }
      if (first == null || first == last) {
        continue;
      }
      long cpuMs = last.processes().get(name).cpuMs() - first.processes().get(name).cpuMs();
      double percent = cpuPercent(measuredOnly, name);
      double rssMax = rss.stream().mapToDouble(r -> r[1]).max().orElse(-1);
      out.put(
          name,
          new LiveResult.ProcessSummary(
              processes.stream()
                  .filter(c -> c.name().equals(name))
                  .mapToLong(LiveResult.Child::pid)
                  .findFirst()
                  .orElse(-1),
              round(percent),
              images == 0 ? -1 : round((double) cpuMs / images),
              first.processes().get(name).rssMb(),
              last.processes().get(name).rssMb(),
              rssMax,
              round(slopePerMinute(rss, seconds / 2.0, seconds)),
              heapMax));
    }
    return out;
  }

  private static double cpuPercent(List<LiveResult.Sample> samples, String name) {
    List<LiveResult.Sample> with =
        samples.stream().filter(s -> s.processes().containsKey(name)).toList();
    if (with.size() < 2) {
      return Double.NaN;
    }
    LiveResult.Sample a = with.get(0);
    LiveResult.Sample b = with.get(with.size() - 1);
    long cpuMs = b.processes().get(name).cpuMs() - a.processes().get(name).cpuMs();
    return 100.0 * cpuMs / ((b.t() - a.t()) * 1000);
  }

  /** Least-squares slope of MiB over minutes, using the points with {@code from <= t <= to}. */
  static double slopePerMinute(List<double[]> points, double from, double to) {
    List<double[]> in = points.stream().filter(p -> p[0] >= from && p[0] <= to).toList();
    if (in.size() < 2) {
      return Double.NaN;
    }
    double mt = in.stream().mapToDouble(p -> p[0]).average().getAsDouble();
    double mv = in.stream().mapToDouble(p -> p[1]).average().getAsDouble();
    double num = 0;
    double den = 0;
    for (double[] p : in) {
      num += (p[0] - mt) * (p[1] - mv);
      den += (p[0] - mt) * (p[0] - mt);
    }
    return den == 0 ? 0 : num / den * 60;
  }

  static Map<String, LiveResult.LagSummary> lagSummaries(List<LiveResult.Sample> samples) {
    List<LiveResult.Sample> measured = measuredAndDrain(samples);
    Map<String, LiveResult.LagSummary> out = new LinkedHashMap<>();
    for (String group : LiveBench.GROUP_INPUTS.keySet()) {
      long max = -1;
      long end = -1;
      for (LiveResult.Sample s : measured) {
        Long lag = s.lag().get(group);
        if (lag != null) {
          max = Math.max(max, lag);
          end = lag;
        }
      }
      out.put(group, new LiveResult.LagSummary(max, end));
    }
    return out;
  }

  static LiveResult.TargetCheck target(
      Long targetMs, LiveResult.Latency latency, LiveResult.Counts counts) {
    if (targetMs == null) {
      return null;
    }
    boolean latencyMet = latency.count() > 0 && latency.p99() <= targetMs;
    boolean met = latencyMet && counts.inEqualsOutPlusDlq();
    String verdict =
        met
            ? "met: p99 " + latency.p99() + " ms <= " + targetMs + " ms, every image accounted for"
            : "not met: p99 "
                + latency.p99()
                + " ms against "
                + targetMs
                + " ms"
                + (counts.inEqualsOutPlusDlq()
                    ? ""
                    : ", and " + counts.missing() + " images missing");
    return new LiveResult.TargetCheck(targetMs, latency.p99(), met, verdict);
  }

  private static List<LiveResult.Sample> measuredAndDrain(List<LiveResult.Sample> samples) {
    return samples.stream()
        .filter(s -> s.phase().equals("measured") || s.phase().equals("drain"))
        .toList();
  }

  private static double round(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? -1 : Math.round(v * 10) / 10.0;
  }
}
