package io.compressnet.cli.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Once a second: CPU and resident memory of every process (from {@code /proc}), heap in use of
 * every JVM ({@link HeapProbe}), consumer lag of every service group ({@link GroupLag}) and the
 * running counts of the {@link LiveReader}. Times are made relative to the start of the measured
 * phase when {@link #samples()} is called.
 */
final class LiveSampler implements AutoCloseable {

  private record Raw(
      long nanos,
      String phase,
      Map<String, LiveResult.ProcessSample> processes,
      Map<String, Long> lag,
      long acknowledged,
      long reconstructed,
      long deadLettered,
      long scored) {}

  private final GroupLag lag;
  private final HeapProbe heap = new HeapProbe();
  private final Supplier<Map<String, Long>> processes;
  private final LiveReader reader;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-live-sampler");
            t.setDaemon(true);
            return t;
          });
  private final List<Raw> raw = new ArrayList<>();
  private final Map<String, long[]> previousCpu = new HashMap<>(); // name -> {nanos, cpuMs}
  private volatile String phase = "startup";
  private volatile long measureStartNanos = Long.MIN_VALUE;
  private volatile LongSupplier sent = () -> 0;

  LiveSampler(
      String bootstrap,
      Map<String, List<String>> groupInputs,
      Supplier<Map<String, Long>> processes,
      LiveReader reader) {
    this.lag = new GroupLag(bootstrap, groupInputs);
    this.processes = processes;
    this.reader = reader;
  }

  LiveSampler start() {
    executor.scheduleAtFixedRate(this::sampleQuietly, 0, 1, TimeUnit.SECONDS);
    return this;
  }

  void phase(String name) {
    phase = name;
  }

  void startMeasuring() {
    measureStartNanos = System.nanoTime();
    phase = "measured";
  }

  void countSent(LongSupplier acknowledged) {
    sent = acknowledged;
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      // A missed sample is visible as a gap; it must not end the sampling.
    }
  }

  private void sample() {
    long now = System.nanoTime();
    Map<String, LiveResult.ProcessSample> byProcess = new LinkedHashMap<>();
    processes
        .get()
        .forEach(
            (name, pid) -> {
              long cpu = ProcStats.cpuMillis(pid);
              long rss = ProcStats.rssKib(pid);
              if (cpu < 0 || rss < 0) {
                return;
              }
              long[] before = previousCpu.put(name, new long[] {now, cpu});
              double percent =
                  before == null ? -1 : 100.0 * (cpu - before[1]) / ((now - before[0]) / 1e6);
              long heapBytes = heap.heapUsedBytes(pid);
              byProcess.put(
                  name,
                  new LiveResult.ProcessSample(
                      cpu,
                      round(percent),
                      round(rss / 1024.0),
                      heapBytes < 0 ? -1 : round(heapBytes / 1048576.0)));
            });
    Map<String, Long> lags;
    try {
      lags = lag.sample();
    } catch (Exception e) {
      lags = Map.of();
    }
    Raw sample =
        new Raw(
            now,
            phase,
            byProcess,
            lags,
            sent.getAsLong(),
            reader.reconstructed(),
            reader.deadLettered(),
            reader.scored());
    synchronized (raw) {
      raw.add(sample);
    }
  }

  private static double round(double v) {
    return Double.isNaN(v) ? Double.NaN : Math.round(v * 10) / 10.0;
  }

  /** Stops sampling, waiting for a sample under way. */
  void stopSampling() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(30, TimeUnit.SECONDS);
  }

  List<LiveResult.Sample> samples() {
    long origin = measureStartNanos == Long.MIN_VALUE ? 0 : measureStartNanos;
    List<LiveResult.Sample> out = new ArrayList<>();
    synchronized (raw) {
      for (Raw r : raw) {
        out.add(
            new LiveResult.Sample(
                Math.round((r.nanos() - origin) / 1e8) / 10.0,
                r.phase(),
                r.processes(),
                r.lag(),
                r.acknowledged(),
                r.reconstructed(),
                r.deadLettered(),
                r.scored()));
      }
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    stopSampling();
    heap.close();
    lag.close();
  }
}
