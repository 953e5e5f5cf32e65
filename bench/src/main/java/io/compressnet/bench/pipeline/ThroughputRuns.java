package io.compressnet.bench.pipeline;

import static io.compressnet.bench.pipeline.Stats.round3;

import io.compressnet.bench.pipeline.PipelineResult.Run;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.StreamsApp;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.Topology;

/**
 * One throughput run: an app (a pass-through, the encoder or the decoder) started with a fresh
 * application id on pre-loaded input, timed from the first record it reads to the {@code target}-th
 * output a {@code read_committed} consumer receives, i.e. committed.
 */
final class ThroughputRuns {

  private static final Set<String> STREAM_THREAD_METRICS =
      Set.of(
          "commit-total",
          "commit-latency-avg",
          "poll-total",
          "poll-latency-avg",
          "process-total",
          "punctuate-total",
          "punctuate-latency-avg");
  private static final Set<String> PRODUCER_METRICS =
      Set.of(
          "txn-begin-time-ns-total",
          "txn-send-offsets-time-ns-total",
          "txn-commit-time-ns-total",
          "flush-time-ns-total",
          "record-send-total",
          "batch-size-avg",
          "records-per-request-avg",
          "request-total");

  private final BenchBroker broker;
  private final PrintStream log;

  ThroughputRuns(BenchBroker broker, PrintStream log) {
    this.broker = broker;
    this.log = log;
  }

  Run passThrough(String label, int rep, String input, int target, PassThroughTopologies.Kind kind)
      throws Exception {
    String name = broker.name(label, rep);
    return time(
        label, rep, broker.passThrough(name, input, name, kind), input, name, target, false);
  }

  /** The encoder service; {@code zstdOutput} gives its output topic zstd compression. */
  Run encoder(
      String label,
      int rep,
      String input,
      int batch,
      int target,
      Map<String, String> extra,
      boolean zstdOutput)
      throws Exception {
    String name = broker.name(label, rep);
    BenchBroker.Service encoder = broker.encoder(name, input, name, batch, extra);
    return time(label, rep, encoder, input, name, target, zstdOutput);
  }

  Run decoder(String label, int rep, String input, int batch, int target, Map<String, String> extra)
      throws Exception {
    String name = broker.name(label, rep);
    BenchBroker.Service decoder = broker.decoder(name, input, name, batch, extra);
    return time(label, rep, decoder, input, name, target, false);
  }

  private Run time(
      String label,
      int rep,
      BenchBroker.Service app,
      String input,
      String output,
      int target,
      boolean zstdOutput)
      throws Exception {
    broker.requireEnoughInput(label, input, target);
    broker.createTopics(Map.of(output, zstdOutput ? Map.of("compression.type", "zstd") : Map.of()));
    ServiceMetrics metrics = ServiceMetrics.inMemory(label);
    Topology topology = app.topology().apply(metrics);
    ServiceConfig service = app.config();
    Duration timeout = Duration.ofSeconds(60 + target / 50);
    Run run;
    try (OutputCounter counter =
        new OutputCounter(broker.bootstrapServers(), output, target).start()) {
      long t0 = System.nanoTime();
      try (StreamsApp started = StreamsApp.start(topology, service, metrics)) {
        long firstIn = waitFor(() -> metrics.inCount() > 0, t0, timeout);
        ThreadCpu.Snapshot cpuBefore = ThreadCpu.take();
        long processed = waitFor(() -> metrics.outCount() >= target, firstIn, timeout);
        boolean reached = counter.await(timeout.minusNanos(System.nanoTime() - firstIn));
        long end = reached ? counter.reachedAtNanos() : System.nanoTime();
        ThreadCpu.Snapshot cpuAfter = ThreadCpu.take();
        double seconds = (end - firstIn) / 1e9;
        long done = reached ? target : counter.count();
        boolean batched = metrics.batchCount() > 0;
        run =
            new Run(
                label,
                rep,
                output,
                service.require(ServiceConfig.APPLICATION_ID),
                target,
                !reached,
                done,
                round3(seconds),
                Math.round(done / seconds),
                round3((firstIn - t0) / 1e9),
                processed > 0 && reached ? Math.round((end - processed) / 1e6) : null,
                metrics.deadLetterCount(),
                metrics.batchCount(),
                batched ? round3(metrics.batchSizeTotal() / metrics.batchCount()) : null,
                batched ? round3(inferenceSeconds(metrics)) : null,
                streamsMetrics(started),
                Stats.round3(ThreadCpu.secondsByGroup(cpuBefore, cpuAfter)));
      }
    }
    log.printf(
        Locale.ROOT,
        "%-28s rep %d: %6d images in %7.2f s = %7d images/s%s%n",
        label,
        rep,
        run.committedOutputs(),
        run.seconds(),
        run.imagesPerSecond(),
        run.timedOut() ? " (TIMED OUT)" : "");
    return run;
  }

  /** Time inside the batch step: inference, packing and output serialization. */
  private static double inferenceSeconds(ServiceMetrics metrics) {
    return metrics.registry().find("compressnet.inference").timer().totalTime(TimeUnit.SECONDS);
  }

  /** Polls {@code condition} every millisecond; returns the {@code nanoTime} it became true. */
  private static long waitFor(BooleanSupplier condition, long from, Duration timeout) {
    long deadline = from + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return -1;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return System.nanoTime();
  }

  /** A few Kafka Streams thread and producer metrics, summed over threads. */
  private static Map<String, Double> streamsMetrics(StreamsApp app) {
    Map<String, Double> values = new TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> e : app.streams().metrics().entrySet()) {
      MetricName name = e.getKey();
      boolean producer = name.group().equals("producer-metrics");
      boolean wanted =
          (name.group().equals("stream-thread-metrics")
                  && STREAM_THREAD_METRICS.contains(name.name()))
              || (producer && PRODUCER_METRICS.contains(name.name()));
      if (wanted
          && e.getValue().metricValue() instanceof Number n
          && Double.isFinite(n.doubleValue())) {
        values.merge((producer ? "producer " : "") + name.name(), n.doubleValue(), Double::sum);
      }
    }
    return Stats.round3(values);
  }
}
