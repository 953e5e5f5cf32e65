package io.compressnet.bench.pipeline;

import io.compressnet.bench.pipeline.PipelineResult.Latencies;
import io.compressnet.bench.pipeline.PipelineResult.LatencyRun;
import io.compressnet.bench.pipeline.PipelineResult.Percentiles;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.StreamsApp;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * End-to-end latency: the encoder and decoder running side by side, fresh images sent at a fixed
 * rate with {@code capturedAt = now}, and a {@code read_committed} consumer of the reconstructions
 * timing each stage against {@code capturedAt} (one JVM, one clock).
 */
final class Latency {

  /** The latency run with the settings docs/bench recommends for low latency. */
  static final String LOW_LATENCY_VARIANT =
      "low-latency settings (batch 16, commit.interval.ms=20)";

  /** One latency run's service settings: {@code settings} go to both services. */
  record Variant(String name, String label, double rate, int batch, Map<String, String> settings) {}

  /** How long after a stream-thread change the measured window may start. */
  private static final long SETTLE_MS = 3_000;

  /** How far past the warm-up thread changes may push the measured window's start. */
  private static final long MAX_SETTLE_DELAY_MS = 30_000;

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** Milliseconds since the epoch at each stage of one image. */
  private record Sample(long captured, long encoded, long decoded, long received) {}

  private final BenchBroker broker;
  private final PipelineCommand options;
  private final PrintStream log;

  Latency(BenchBroker broker, PipelineCommand options, PrintStream log) {
    this.broker = broker;
    this.options = options;
    this.log = log;
  }

  /**
   * Default settings always; with diagnostics, a shorter commit interval alone, and the settings
   * docs/bench recommends for latency: under exactly-once a record is visible downstream only when
   * its producer commits, so each stage adds up to a commit interval; a batch of 16 is one forward
   * pass (the default pass size) and fills 4 times sooner than 64. The low-latency settings also
   * run at a half and a quarter of {@code --rate}, where the default model's decoder is not
   * saturated on a small machine.
   */
  List<LatencyRun> run() throws Exception {
    double rate = options.rate;
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("default settings", "default", rate, 64, Map.of()));
    if (!options.latencySettings.isEmpty()) {
      variants.add(
          new Variant(
              settingsName(options.latencySettings),
              "set",
              rate,
              64,
              Map.copyOf(options.latencySettings)));
    }
    if (options.diagnostics) {
      Map<String, String> commit20 = Map.of("commit.interval.ms", "20");
      variants.add(new Variant("commit.interval.ms=20", "commit20", rate, 64, commit20));
      variants.add(new Variant(LOW_LATENCY_VARIANT, "lowlat", rate, 16, commit20));
      for (double fraction : new double[] {0.5, 0.25}) {
        String label = "lowlat" + Math.round(rate * fraction);
        variants.add(new Variant(LOW_LATENCY_VARIANT, label, rate * fraction, 16, commit20));
      }
    }
    List<LatencyRun> out = new ArrayList<>();
    for (Variant variant : variants) {
      out.add(run(variant));
    }
    return out;
  }

  /** A variant's name from its settings, e.g. {@code poll.ms=2, commit.interval.ms=20}. */
  static String settingsName(Map<String, String> settings) {
    StringBuilder name = new StringBuilder();
    settings.forEach(
        (k, v) -> name.append(name.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return name.toString();
  }

  private LatencyRun run(Variant v) throws Exception {
    String label = "latency-" + v.label();
    String raw = broker.name(label + "-raw", 1);
    String latent = broker.name(label + "-latent", 1);
    String reconstructed = broker.name(label + "-reconstructed", 1);
    broker.createTopics(Map.of(raw, Map.of(), latent, Map.of(), reconstructed, Map.of()));
    broker.registerValueSchema(raw, ImageEvent.getClassSchema());
    ServiceMetrics encMetrics = ServiceMetrics.inMemory("encoder");
    ServiceMetrics decMetrics = ServiceMetrics.inMemory("decoder");
    BenchBroker.Service enc =
        broker.encoder(broker.name(label + "-enc", 1), raw, latent, v.batch(), v.settings());
    BenchBroker.Service dec =
        broker.decoder(
            broker.name(label + "-dec", 1), latent, reconstructed, v.batch(), v.settings());
    LatencyRun result;
    try (StreamsApp encoder = start(enc, encMetrics);
        StreamsApp decoder = start(dec, decMetrics)) {
      if (!encoder.awaitRunning(Duration.ofSeconds(60))
          || !decoder.awaitRunning(Duration.ofSeconds(60))) {
        throw new IllegalStateException("encoder or decoder did not reach RUNNING");
      }
      Deserializer<ReconstructedImage> images =
          new SpecificAvroSerde<>(broker.registry(), ReconstructedImage.class, true).deserializer();
      Queue<Sample> samples = new ConcurrentLinkedQueue<>();
      AtomicLong received = new AtomicLong();
      try (CommittedConsumer probe =
          new CommittedConsumer(
                  broker.bootstrapServers(),
                  reconstructed,
                  Duration.ofMillis(5),
                  records -> {
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                      ReconstructedImage image =
                          images.deserialize(reconstructed, r.headers(), r.value());
                      samples.add(
                          new Sample(
                              image.getCapturedAt().toEpochMilli(),
                              image.getEncodedAt().toEpochMilli(),
                              image.getDecodedAt().toEpochMilli(),
                              now));
                      received.incrementAndGet();
                    }
                  },
                  () -> {})
              .start()) {
        ThreadCpu.Snapshot before = ThreadCpu.take();
        long startMs = System.currentTimeMillis();
        SettlingWindow window =
            new SettlingWindow(
                startMs,
                options.warmupSeconds * 1000L,
                options.latencySeconds * 1000L,
                SETTLE_MS,
                MAX_SETTLE_DELAY_MS);
        Produced produced =
            produceAtRate(
                raw, v.rate(), window, new Watched(encoder, decoder, encMetrics, decMetrics));
        long sent = produced.sent();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (received.get() < sent && System.nanoTime() < deadline) {
          probe.requireHealthy();
          Thread.sleep(20);
        }
        probe.requireHealthy();
        ThreadCpu.Snapshot after = ThreadCpu.take();
        ServiceTimes atEnd = ServiceTimes.take(encMetrics, decMetrics);
        List<Sample> measured =
            samples.stream().filter(s -> window.measures(s.captured())).toList();
        double measuredFromSeconds = Stats.round3((window.measureFromMs() - startMs) / 1000.0);
        result =
            new LatencyRun(
                v.name(),
                v.batch(),
                v.settings(),
                v.settings(),
                v.rate(),
                options.warmupSeconds,
                measuredFromSeconds,
                produced.threadChanges(),
                options.latencySeconds,
                sent,
                received.get(),
                encMetrics.outCount(),
                decMetrics.outCount(),
                meanBatchSize(encMetrics),
                meanBatchSize(decMetrics),
                produced.atWindowStart() == null
                    ? Map.of()
                    : atEnd.meanMsSince(produced.atWindowStart()),
                measured.isEmpty()
                    ? new Latencies(0, null, null, null, null)
                    : new Latencies(
                        measured.size(),
                        percentiles(measured, s -> s.encoded() - s.captured()),
                        percentiles(measured, s -> s.decoded() - s.encoded()),
                        percentiles(measured, s -> s.decoded() - s.captured()),
                        percentiles(measured, s -> s.received() - s.captured())),
                Stats.round3(ThreadCpu.secondsByGroup(before, after)));
      }
    }
    log.printf(
        "latency (%s) at %.0f images/s, measured from %.1f s (%d stream-thread changes): %s%n",
        v.name(),
        v.rate(),
        result.measuredFromSeconds(),
        result.streamThreadChanges(),
        result.latencyMs());
    return result;
  }

  private static StreamsApp start(BenchBroker.Service service, ServiceMetrics metrics) {
    return StreamsApp.start(service.topology().apply(metrics), service.config(), metrics);
  }

  private static double meanBatchSize(ServiceMetrics metrics) {
    return metrics.batchCount() == 0
        ? 0
        : Stats.round3(metrics.batchSizeTotal() / metrics.batchCount());
  }

  /** Nearest-rank percentiles (ms) of one stage over the measured images. */
  private static Percentiles percentiles(List<Sample> samples, ToLongFunction<Sample> stage) {
    long[] sorted = samples.stream().mapToLong(stage).sorted().toArray();
    return new Percentiles(
        Stats.percentile(sorted, 50),
        Stats.percentile(sorted, 90),
        Stats.percentile(sorted, 99),
        sorted[sorted.length - 1]);
  }

  /** The two services under test, whose stream threads the producing loop watches. */
  private record Watched(
      StreamsApp encoder,
      StreamsApp decoder,
      ServiceMetrics encMetrics,
      ServiceMetrics decMetrics) {

    /** Stream threads of both; -1 for a client that cannot say (e.g. while it starts or stops). */
    long threadCounts() {
      return threads(encoder) * 1000L + threads(decoder);
    }

    private static int threads(StreamsApp app) {
      try {
        return app.streams().metadataForLocalThreads().size();
      } catch (RuntimeException e) {
        return -1;
      }
    }
  }

  /** What the producing loop saw: images sent, thread changes, the timers at the window's start. */
  private record Produced(long sent, int threadChanges, ServiceTimes atWindowStart) {}

  /**
   * Count and total of the services' record-lag and batch-wait timers at one moment, so a window's
   * mean can be taken from two snapshots.
   */
  private record ServiceTimes(Map<String, double[]> countAndTotalMs) {

    static ServiceTimes take(ServiceMetrics encoder, ServiceMetrics decoder) {
      Map<String, double[]> times = new java.util.LinkedHashMap<>();
      times.put("encoder record lag", snapshot(encoder.recordLagTimer()));
      times.put("encoder batch wait", snapshot(encoder.batchWaitTimer()));
      times.put("decoder record lag", snapshot(decoder.recordLagTimer()));
      times.put("decoder batch wait", snapshot(decoder.batchWaitTimer()));
      return new ServiceTimes(times);
    }

    private static double[] snapshot(io.micrometer.core.instrument.Timer timer) {
      return new double[] {timer.count(), timer.totalTime(TimeUnit.MILLISECONDS)};
    }

    /** Mean ms of each timer over the records timed between {@code earlier} and this. */
    Map<String, Double> meanMsSince(ServiceTimes earlier) {
      Map<String, Double> means = new java.util.LinkedHashMap<>();
      countAndTotalMs.forEach(
          (name, now) -> {
            double[] then = earlier.countAndTotalMs().get(name);
            double count = now[0] - then[0];
            means.put(name, count <= 0 ? 0.0 : Stats.round3((now[1] - then[1]) / count));
          });
      return means;
    }
  }

  /**
   * Sends fresh images (capturedAt = now) at {@code rate} per second until the window ends, which
   * the services' stream-thread changes may push back; polls their thread counts every 100 ms.
   */
  private Produced produceAtRate(
      String topic, double rate, SettlingWindow window, Watched services) {
    long sent = 0;
    int changes = 0;
    long threads = services.threadCounts();
    long nextPollNanos = 0;
    long snapshotFromMs = Long.MIN_VALUE;
    ServiceTimes atWindowStart = null;
    try (KafkaProducer<String, byte[]> producer = broker.producer()) {
      long start = System.nanoTime();
      long startMs = System.currentTimeMillis();
      while (startMs + (long) (sent * 1000 / rate) < window.measureUntilMs()) {
        long now = System.nanoTime();
        if (now >= nextPollNanos) {
          nextPollNanos = now + POLL_NANOS;
          long current = services.threadCounts();
          if (current != threads) {
            threads = current;
            changes++;
            window.threadsChanged(System.currentTimeMillis());
          }
          long from = window.measureFromMs();
          if (System.currentTimeMillis() >= from && snapshotFromMs != from) {
            snapshotFromMs = from;
            atWindowStart = ServiceTimes.take(services.encMetrics(), services.decMetrics());
          }
        }
        long wait = start + (long) (sent * 1e9 / rate) - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        producer.send(broker.imageRecord(topic, "lat", sent));
        sent++;
      }
      producer.flush();
    }
    return new Produced(sent, changes, atWindowStart);
  }
}
