package io.compressnet.bench.pipeline;

import static io.compressnet.bench.pipeline.Stats.round3;

import io.compressnet.bench.pipeline.PassThroughTopologies.Kind;
import io.compressnet.bench.pipeline.PipelineResult.Phase;
import io.compressnet.bench.pipeline.PipelineResult.Ratio;
import io.compressnet.bench.pipeline.PipelineResult.Run;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.StreamsApp;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The throughput phases on pre-loaded input: an unreported warm-up; the repetitions, each running
 * every phase in turn (so that a slow spell of the machine hits all phases alike); the one-off
 * diagnostic runs; the medians and the ratios between phases. One run is an app (a pass-through,
 * the encoder or the decoder) started with a fresh application id, timed from the first record it
 * reads to the {@code target}-th output a {@code read_committed} consumer receives, i.e. committed.
 */
final class Throughput {

  static final String RAW = "bench-raw";
  static final String RAW_ZSTD = "bench-raw-zstd";

  /** Phase pairs whose rates are compared, as "a / b". */
  private static final List<String> RATIOS =
      List.of(
          "encoder-b64 / kafka-bytes-copy",
          "encoder-b64 / batching-copy-b64",
          "batching-copy-b64 / kafka-avro-copy",
          "kafka-avro-copy / kafka-bytes-copy",
          "decoder-b64 / kafka-bytes-copy",
          "encoder-b64 / encoder-b1",
          "decoder-b64 / decoder-b1");

  /** The key of the stream-thread count at the end of a run in {@link Run#kafkaStreamsMetrics}. */
  static final String STREAM_THREADS = "stream-threads";

  private static final Set<String> STREAM_THREAD_METRICS =
      Set.of(
          ("commit-total commit-latency-avg poll-total poll-latency-avg process-total"
                  + " punctuate-total punctuate-latency-avg")
              .split(" "));
  private static final Set<String> PRODUCER_METRICS =
      Set.of(
          ("txn-begin-time-ns-total txn-send-offsets-time-ns-total txn-commit-time-ns-total"
                  + " flush-time-ns-total record-send-total batch-size-avg"
                  + " records-per-request-avg request-total")
              .split(" "));

  /** The phases' figures, and the topics whose bytes per image the report gives. */
  record Result(
      Map<String, Phase> phases,
      Map<String, Ratio> ratios,
      List<Run> diagnostics,
      List<BrokerBytes.Probe> topics) {}

  private final BenchBroker broker;
  private final PipelineCommand options;
  private final PrintStream log;
  private final List<BrokerBytes.Probe> topics = new ArrayList<>();

  Throughput(BenchBroker broker, PipelineCommand options, PrintStream log) {
    this.broker = broker;
    this.options = options;
    this.log = log;
  }

  Result run() throws Exception {
    // Pass-through apps are fast: they copy more images so their runs last long enough to time.
    int copies = options.count * 4;
    broker.createTopics(Map.of(RAW, Map.of()));
    broker.preload(RAW, copies, "img");
    topics.add(new BrokerBytes.Probe("raw", RAW, "images.raw (ImageEvent)"));
    log.printf("pre-loaded %d images into %s%n", copies, RAW);
    // Warm-up of the JIT, engine, registry caches, broker page cache; not reported.
    int warm = Math.min(1000, options.count);
    passThrough("warmup-copy", 0, copies, Kind.BATCHING);
    Run warmEncoder = encoder("warmup-encoder", 0, RAW, 64, warm, Map.of());
    decoder("warmup-decoder", 0, warmEncoder.outputTopic(), 64, warm, Map.of());
    // Every phase once per repetition; decoders read the latents of the first encoder-b64.
    Map<String, List<Run>> byPhase = new LinkedHashMap<>();
    String latent = null;
    for (int rep = 1; rep <= options.repetitions; rep++) {
      int count = options.count;
      int one = options.batchOneCount;
      List<Run> done = new ArrayList<>();
      done.add(passThrough("kafka-bytes-copy", rep, copies, Kind.BYTES));
      done.add(passThrough("kafka-avro-copy", rep, copies, Kind.AVRO));
      done.add(passThrough("batching-copy-b64", rep, copies, Kind.BATCHING));
      Run b64 = encoder("encoder-b64", rep, RAW, 64, count, Map.of());
      done.add(b64);
      latent = latent == null ? b64.outputTopic() : latent;
      done.add(encoder("encoder-b1", rep, RAW, 1, one, Map.of()));
      done.add(decoder("decoder-b64", rep, latent, 64, count, Map.of()));
      done.add(decoder("decoder-b1", rep, latent, 1, one, Map.of()));
      done.forEach(r -> byPhase.computeIfAbsent(r.phase(), k -> new ArrayList<>()).add(r));
    }
    String reconstructed = byPhase.get("decoder-b64").get(0).outputTopic();
    topics.add(new BrokerBytes.Probe("latent", latent, "images.latent (LatentVector)"));
    topics.add(
        new BrokerBytes.Probe(
            "reconstructed", reconstructed, "images.reconstructed (ReconstructedImage)"));
    List<Run> diagnostics = diagnostics(latent);
    Map<String, Phase> phases = new LinkedHashMap<>();
    byPhase.forEach(
        (phase, runs) -> {
          double[] rates = runs.stream().mapToDouble(Run::imagesPerSecond).toArray();
          long[] rounded = Arrays.stream(rates).mapToLong(Math::round).toArray();
          phases.put(phase, new Phase(Math.round(Stats.median(rates)), rounded, runs));
        });
    Map<String, Ratio> ratios = new LinkedHashMap<>();
    for (String ratio : RATIOS) {
      List<Run> as = byPhase.get(ratio.split(" / ")[0]);
      List<Run> bs = byPhase.get(ratio.split(" / ")[1]);
      double[] perRep = new double[Math.min(as.size(), bs.size())];
      Arrays.setAll(
          perRep, i -> (double) as.get(i).imagesPerSecond() / bs.get(i).imagesPerSecond());
      double[] rounded = Arrays.stream(perRep).map(Stats::round3).toArray();
      ratios.put(ratio, new Ratio(round3(Stats.median(perRep)), rounded));
    }
    return new Result(phases, ratios, diagnostics, topics);
  }

  /**
   * Always the encoder on zstd topics (for the bytes on the broker); with diagnostics also
   * at_least_once, a stream thread per core from the start, and one thread with the scaling off:
   * the services start with one thread and add one per core while saturated.
   */
  private List<Run> diagnostics(String latent) throws Exception {
    int count = options.count;
    broker.createTopics(Map.of(RAW_ZSTD, Map.of("compression.type", "zstd")));
    broker.preload(RAW_ZSTD, count, "zimg");
    topics.add(new BrokerBytes.Probe("raw-zstd", RAW_ZSTD, "images.raw, topic zstd"));
    List<Run> out = new ArrayList<>();
    out.add(
        time(
            "encoder-b64-zstd-topics",
            1,
            RAW_ZSTD,
            count,
            true,
            n -> broker.encoder(n, RAW_ZSTD, n, 64, Map.of())));
    topics.add(
        new BrokerBytes.Probe(
            "latent-zstd", out.get(0).outputTopic(), "images.latent, topic zstd"));
    if (options.diagnostics) {
      Map<String, String> atLeastOnce =
          Map.of(ServiceConfig.PROCESSING_GUARANTEE.property(), "at_least_once");
      Map<String, String> perCore =
          Map.of(
              ServiceConfig.NUM_STREAM_THREADS.property(),
              Integer.toString(Runtime.getRuntime().availableProcessors()));
      Map<String, String> oneThread = Map.of(ServiceConfig.MAX_STREAM_THREADS.property(), "1");
      out.add(encoder("encoder-b64-at-least-once", 1, RAW, 64, count, atLeastOnce));
      out.add(encoder("encoder-b64-thread-per-core", 1, RAW, 64, count, perCore));
      out.add(decoder("decoder-b64-thread-per-core", 1, latent, 64, count, perCore));
      out.add(encoder("encoder-b64-one-thread-no-scaling", 1, RAW, 64, count, oneThread));
      out.add(decoder("decoder-b64-one-thread-no-scaling", 1, latent, 64, count, oneThread));
    }
    return out;
  }

  private Run passThrough(String label, int rep, int target, Kind kind) throws Exception {
    return time(label, rep, RAW, target, false, n -> broker.passThrough(n, RAW, n, kind));
  }

  private Run encoder(
      String label, int rep, String input, int batch, int target, Map<String, String> extra)
      throws Exception {
    return time(label, rep, input, target, false, n -> broker.encoder(n, input, n, batch, extra));
  }

  private Run decoder(
      String label, int rep, String input, int batch, int target, Map<String, String> extra)
      throws Exception {
    return time(label, rep, input, target, false, n -> broker.decoder(n, input, n, batch, extra));
  }

  /**
   * Times the app {@code service} makes of its name (application id and output topic), with zstd
   * compression on the output topic if {@code zstdOutput}.
   */
  private Run time(
      String label,
      int rep,
      String input,
      int target,
      boolean zstdOutput,
      Function<String, BenchBroker.Service> service)
      throws Exception {
    String output = broker.name(label, rep);
    BenchBroker.Service app = service.apply(output);
    broker.requireEnoughInput(label, input, target);
    broker.createTopics(Map.of(output, zstdOutput ? Map.of("compression.type", "zstd") : Map.of()));
    ServiceMetrics metrics = ServiceMetrics.inMemory(label);
    var topology = app.topology().apply(metrics);
    ServiceConfig config = app.config();
    Duration timeout = Duration.ofSeconds(60 + target / 50);
    // Counts the committed outputs and notes when the target-th arrived.
    AtomicLong count = new AtomicLong();
    AtomicLong reachedAt = new AtomicLong();
    CountDownLatch reached = new CountDownLatch(1);
    Run run;
    try (CommittedConsumer counter =
        new CommittedConsumer(
                broker.bootstrapServers(),
                output,
                Duration.ofMillis(20),
                records -> {
                  long now = System.nanoTime();
                  for (int i = 0; i < records.count(); i++) {
                    if (count.incrementAndGet() == target) {
                      reachedAt.set(now);
                      reached.countDown();
                    }
                  }
                },
                reached::countDown)
            .start()) {
      long t0 = System.nanoTime();
      try (StreamsApp started = StreamsApp.start(topology, config, metrics)) {
        long firstIn = waitFor(() -> metrics.inCount() > 0, t0, timeout);
        ThreadCpu.Snapshot cpuBefore = ThreadCpu.take();
        long processed = waitFor(() -> metrics.outCount() >= target, firstIn, timeout);
        long left = timeout.minusNanos(System.nanoTime() - firstIn).toMillis();
        boolean ok = reached.await(left, TimeUnit.MILLISECONDS);
        counter.requireHealthy();
        long end = ok ? reachedAt.get() : System.nanoTime();
        ThreadCpu.Snapshot cpuAfter = ThreadCpu.take();
        double seconds = (end - firstIn) / 1e9;
        long done = ok ? target : count.get();
        boolean batched = metrics.batchCount() > 0;
        double inference =
            metrics.registry().find("compressnet.inference").timer().totalTime(TimeUnit.SECONDS);
        run =
            new Run(
                label,
                rep,
                output,
                config.require(ServiceConfig.APPLICATION_ID),
                target,
                !ok,
                done,
                round3(seconds),
                Math.round(done / seconds),
                round3((firstIn - t0) / 1e9),
                processed > 0 && ok ? Math.round((end - processed) / 1e6) : null,
                metrics.deadLetterCount(),
                metrics.batchCount(),
                batched ? round3(metrics.batchSizeTotal() / metrics.batchCount()) : null,
                batched ? round3(inference) : null,
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

  private static Map<String, Double> streamsMetrics(StreamsApp app) {
    Map<String, Double> values = new TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> e : app.streams().metrics().entrySet()) {
      MetricName name = e.getKey();
      boolean producer = name.group().equals("producer-metrics");
      boolean wanted =
          producer
              ? PRODUCER_METRICS.contains(name.name())
              : name.group().equals("stream-thread-metrics")
                  && STREAM_THREAD_METRICS.contains(name.name());
      if (wanted
          && e.getValue().metricValue() instanceof Number n
          && Double.isFinite(n.doubleValue())) {
        values.merge((producer ? "producer " : "") + name.name(), n.doubleValue(), Double::sum);
      }
    }
    // How many threads the service had grown to when the run ended (StreamThreadScaler).
    values.put(STREAM_THREADS, (double) app.streams().metadataForLocalThreads().size());
    return Stats.round3(values);
  }
}
