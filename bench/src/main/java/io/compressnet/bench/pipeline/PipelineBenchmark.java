package io.compressnet.bench.pipeline;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.decoder.DecoderConfig;
import io.compressnet.decoder.DecoderService;
import io.compressnet.devstack.DevStack;
import io.compressnet.encoder.EncoderConfig;
import io.compressnet.encoder.EncoderService;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.streams.BatchSettings;
import io.compressnet.streams.InferenceDefaults;
import io.compressnet.streams.InferenceServiceKeys;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.StreamsApp;
import io.micrometer.core.instrument.Timer;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * {@code compressnet bench pipeline}: the encoder and decoder services on the embedded broker
 * (DevStack), measured in one run:
 *
 * <ul>
 *   <li>throughput of pass-through apps (Kafka alone, + Avro, + batching store), the encoder and
 *       the decoder at batch 64 and 1, each on pre-loaded input, from the first record read to the
 *       last output committed (seen by a {@code read_committed} consumer); medians of repetitions
 *       that interleave the phases;
 *   <li>end-to-end latency percentiles at a fixed input rate with both services running;
 *   <li>bytes per image on the input and latent topics as the broker stores them, with and without
 *       topic compression;
 *   <li>the network alone (no Kafka) for comparison;
 *   <li>where each run's CPU went (thread groups), inference time, commit time.
 * </ul>
 *
 * Results go to {@code pipeline.json} and {@code pipeline.md} in the output directory.
 */
public final class PipelineBenchmark {

  /** What to run. */
  public record Options(
      Path images,
      int count,
      int batchOneCount,
      double rate,
      int latencySeconds,
      int warmupSeconds,
      int repetitions,
      Path modelDir,
      Path output,
      boolean diagnostics,
      double networkSeconds,
      int inferenceThreads,
      int refineSteps) {

    /**
     * The equivalent {@code compressnet bench pipeline ...} command line, as recorded in the
     * report; {@code --no-diagnostics}, {@code --refine-steps} and {@code --network-seconds} only
     * when not the defaults.
     */
    public String command() {
      return String.format(
          Locale.ROOT,
          "compressnet bench pipeline --images %s --count %d --count-batch1 %d --rate %.0f"
              + " --latency-seconds %d --warmup-seconds %d --repetitions %d --model %s --output"
              + " %s --inference-threads %d%s%s%s",
          images,
          count,
          batchOneCount,
          rate,
          latencySeconds,
          warmupSeconds,
          repetitions,
          modelDir,
          output,
          inferenceThreads,
          diagnostics ? "" : " --no-diagnostics",
          refineSteps == 0 ? "" : " --refine-steps " + refineSteps,
          networkSeconds == DEFAULT_NETWORK_SECONDS
              ? ""
              : String.format(Locale.ROOT, " --network-seconds %s", networkSeconds));
    }
  }

  /** Default length of a timed network-alone run, seconds (PipelineCommand's default too). */
  public static final double DEFAULT_NETWORK_SECONDS = 1.0;

  /** The latency run with the settings docs/bench recommends for low latency. */
  static final String LOW_LATENCY_VARIANT =
      "low-latency settings (batch 16, commit.interval.ms=20)";

  /** Timed repetitions of each network-alone configuration (interleaved). */
  private static final int NETWORK_REPETITIONS = 5;

  static final int PARTITIONS = Topics.DEFAULT_PARTITIONS;
  static final String RAW = "bench-raw";
  static final String RAW_ZSTD = "bench-raw-zstd";
  static final double ENCODER_TARGET = 8000;
  static final double DECODER_TARGET = 4000;
  static final long P99_TARGET_MS = 100;

  private final Options options;
  private final PrintStream log;
  private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  private Path stateDir;
  private DevStack stack;
  private SchemaRegistryClient registry;
  private ModelBundle bundle;
  private ImageSet images;
  private final Map<String, LogBytesProbe> bytesProbes = new LinkedHashMap<>();

  /** Records each pre-loaded input topic holds (checked when loaded). */
  private final Map<String, Long> preloaded = new HashMap<>();

  /** Topic whose bytes to account for, with the number of records it holds. */
  private record LogBytesProbe(String topic, long records, String what) {}

  public PipelineBenchmark(Options options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  /** Runs everything and writes the report; returns the result tree (as written to JSON). */
  public Map<String, Object> run() throws Exception {
    InferenceDefaults.apply(options.inferenceThreads());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("command", options.command());
    result.put("startedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    result.put("machine", Machine.describe());
    bundle = ModelBundle.load(options.modelDir());
    images = IdxReader.readImages(options.images(), IdxReader.Layout.TRANSPOSED, 0);
    result.put("model", modelInfo());
    result.put("settings", settings());
    log.printf(
        "model %s, %d sample images from %s%n", bundle.modelId(), images.size(), options.images());

    result.put("networkAlone", networkAlone());

    stateDir = Files.createTempDirectory("compressnet-bench-streams-");
    log.println("starting the embedded broker and the local registry ...");
    try (DevStack started =
        DevStack.start(
            DevStack.Options.defaults()
                .withTopics(List.of(Topics.IMAGES_DLQ), PARTITIONS)
                .withRegistryStartupTimeout(Duration.ofSeconds(180)))) {
      stack = started;
      registry = new RestSchemaRegistryClient(RegistryClientConfig.of(stack.registryUrl()));
      try {
        runOnBroker(result);
      } finally {
        registry.close();
      }
    } finally {
      io.compressnet.streams.TemporaryStateDir.deleteTree(stateDir);
    }
    result.put("finishedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    result.put("loadAverageAtEnd", Machine.loadAverage());
    result.put("targets", PipelineReport.targets(result));
    PipelineReport.write(result, options.output());
    log.printf(
        "wrote %s and %s%n",
        options.output().resolve("pipeline.json"), options.output().resolve("pipeline.md"));
    return result;
  }

  private void runOnBroker(Map<String, Object> result) throws Exception {
    createTopics(Map.of(RAW, Map.of()));
    int rawCount = passThroughCount();
    long rawPayload = preload(RAW, rawCount, "img");
    bytesProbes.put("raw", new LogBytesProbe(RAW, rawCount, "images.raw (ImageEvent)"));
    log.printf("pre-loaded %d images into %s%n", rawCount, RAW);
    // Warm-up (not reported): JIT, engine, registry caches, broker page cache.
    passThrough("warmup-copy", 0, PassThroughKind.BATCHING);
    Map<String, Object> warmEncoder =
        encoderRun("warmup-encoder", 0, RAW, 64, Math.min(1000, options.count()), Map.of());
    decoderRun(
        "warmup-decoder",
        0,
        (String) warmEncoder.get("outputTopic"),
        64,
        Math.min(1000, options.count()),
        Map.of());

    Map<String, List<Map<String, Object>>> runs = new LinkedHashMap<>();
    String latentTopic = null;
    String reconstructedTopic = null;
    for (int rep = 1; rep <= options.repetitions(); rep++) {
      addRun(runs, passThrough("kafka-bytes-copy", rep, PassThroughKind.BYTES));
      addRun(runs, passThrough("kafka-avro-copy", rep, PassThroughKind.AVRO));
      addRun(runs, passThrough("batching-copy-b64", rep, PassThroughKind.BATCHING));
      Map<String, Object> enc64 =
          encoderRun("encoder-b64", rep, RAW, 64, options.count(), Map.of());
      addRun(runs, enc64);
      if (latentTopic == null) {
        latentTopic = (String) enc64.get("outputTopic");
      }
      addRun(runs, encoderRun("encoder-b1", rep, RAW, 1, options.batchOneCount(), Map.of()));
      Map<String, Object> dec64 =
          decoderRun("decoder-b64", rep, latentTopic, 64, options.count(), Map.of());
      addRun(runs, dec64);
      if (reconstructedTopic == null) {
        reconstructedTopic = (String) dec64.get("outputTopic");
      }
      addRun(
          runs, decoderRun("decoder-b1", rep, latentTopic, 1, options.batchOneCount(), Map.of()));
    }
    result.put("throughput", summarise(runs));
    result.put("ratios", ratios(runs));
    bytesProbes.put(
        "latent", new LogBytesProbe(latentTopic, options.count(), "images.latent (LatentVector)"));
    bytesProbes.put(
        "reconstructed",
        new LogBytesProbe(
            reconstructedTopic, options.count(), "images.reconstructed (ReconstructedImage)"));

    List<Map<String, Object>> diagnostics = new ArrayList<>();
    // Topic compression: the same images into a zstd topic, encoded into a zstd topic.
    createTopics(Map.of(RAW_ZSTD, Map.of("compression.type", "zstd")));
    preload(RAW_ZSTD, options.count(), "zimg");
    bytesProbes.put(
        "raw-zstd", new LogBytesProbe(RAW_ZSTD, options.count(), "images.raw, topic zstd"));
    Map<String, Object> zstd =
        encoderRun("encoder-b64-zstd-topics", 1, RAW_ZSTD, 64, options.count(), Map.of(), true);
    diagnostics.add(zstd);
    bytesProbes.put(
        "latent-zstd",
        new LogBytesProbe(
            (String) zstd.get("outputTopic"), options.count(), "images.latent, topic zstd"));
    if (options.diagnostics()) {
      diagnostics.add(
          encoderRun(
              "encoder-b64-at-least-once",
              1,
              RAW,
              64,
              options.count(),
              Map.of(ServiceConfig.PROCESSING_GUARANTEE.property(), "at_least_once")));
      // Each stream thread runs its own forward passes: the services' one thread against one per
      // core, for a user whose rate needs more than one thread's passes.
      Map<String, String> perCore =
          Map.of(
              ServiceConfig.NUM_STREAM_THREADS.property(),
              Integer.toString(Runtime.getRuntime().availableProcessors()));
      diagnostics.add(
          encoderRun("encoder-b64-thread-per-core", 1, RAW, 64, options.count(), perCore));
      diagnostics.add(
          decoderRun("decoder-b64-thread-per-core", 1, latentTopic, 64, options.count(), perCore));
    }
    result.put("diagnostics", diagnostics);

    List<Map<String, Object>> latency = new ArrayList<>();
    for (LatencyVariant variant : latencyVariants()) {
      latency.add(latencyRun(variant));
    }
    result.put("latency", latency);

    result.put("bytes", bytes(rawPayload));
  }

  // ---------------------------------------------------------------- throughput runs

  private enum PassThroughKind {
    BYTES,
    AVRO,
    BATCHING
  }

  private Map<String, Object> passThrough(String label, int rep, PassThroughKind kind)
      throws Exception {
    String output = topicName(label, rep);
    EncoderConfig config = encoderConfig(appId(label, rep), RAW, output, 64, Map.of());
    SpecificAvroSerde<ImageEvent> serde = new SpecificAvroSerde<>(registry, ImageEvent.class, true);
    registry.register(Topics.valueSubject(output), ImageEvent.getClassSchema());
    return throughputRun(
        label,
        rep,
        metrics ->
            switch (kind) {
              case BYTES -> PassThroughTopologies.bytesCopy(RAW, output, metrics);
              case AVRO -> PassThroughTopologies.avroCopy(RAW, output, serde, metrics);
              case BATCHING ->
                  PassThroughTopologies.batchingCopy(
                      RAW,
                      output,
                      config.inference().dlqTopic(),
                      config.inference().batch(),
                      serde,
                      metrics);
            },
        config.service(),
        RAW,
        output,
        passThroughCount(),
        Map.of());
  }

  /** Pass-through apps are fast: they copy more images so their runs last long enough to time. */
  private int passThroughCount() {
    return options.count() * 4;
  }

  private Map<String, Object> encoderRun(
      String label, int rep, String input, int batch, int target, Map<String, String> extra)
      throws Exception {
    return encoderRun(label, rep, input, batch, target, extra, false);
  }

  private Map<String, Object> encoderRun(
      String label,
      int rep,
      String input,
      int batch,
      int target,
      Map<String, String> extra,
      boolean zstdOutput)
      throws Exception {
    String output = topicName(label, rep);
    EncoderConfig config = encoderConfig(appId(label, rep), input, output, batch, extra);
    registry.register(Topics.valueSubject(output), LatentVector.getClassSchema());
    return throughputRun(
        label,
        rep,
        metrics -> EncoderService.buildTopology(config, registry, metrics),
        config.service(),
        input,
        output,
        target,
        zstdOutput ? Map.of("compression.type", "zstd") : Map.of());
  }

  private Map<String, Object> decoderRun(
      String label, int rep, String input, int batch, int target, Map<String, String> extra)
      throws Exception {
    String output = topicName(label, rep);
    DecoderConfig config = decoderConfig(appId(label, rep), input, output, batch, extra);
    registry.register(Topics.valueSubject(output), ReconstructedImage.getClassSchema());
    return throughputRun(
        label,
        rep,
        metrics -> DecoderService.buildTopology(config, registry, metrics),
        config.service(),
        input,
        output,
        target,
        Map.of());
  }

  /**
   * Starts one app on pre-loaded input and times it from the first record it reads to the {@code
   * target}-th output a {@code read_committed} consumer receives.
   */
  private Map<String, Object> throughputRun(
      String label,
      int rep,
      Function<ServiceMetrics, Topology> topologyFor,
      ServiceConfig service,
      String input,
      String output,
      int target,
      Map<String, String> outputTopicConfig)
      throws Exception {
    requireEnoughInput(label, input, target);
    createTopics(Map.of(output, outputTopicConfig));
    ServiceMetrics metrics = ServiceMetrics.inMemory(label);
    Topology topology = topologyFor.apply(metrics);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("phase", label);
    run.put("repetition", rep);
    run.put("outputTopic", output);
    run.put("applicationId", service.require(ServiceConfig.APPLICATION_ID));
    run.put("images", target);
    Duration timeout = Duration.ofSeconds(60 + target / 50);
    try (OutputCounter counter =
        new OutputCounter(stack.bootstrapServers(), output, target).start()) {
      long t0 = System.nanoTime();
      try (StreamsApp app = StreamsApp.start(topology, service, metrics)) {
        long firstIn = waitFor(() -> metrics.inCount() > 0, t0, timeout);
        ThreadCpu.Snapshot cpuBefore = ThreadCpu.take();
        long processed = waitFor(() -> metrics.outCount() >= target, firstIn, timeout);
        boolean reached = counter.await(timeout.minusNanos(System.nanoTime() - firstIn));
        long end = reached ? counter.reachedAtNanos() : System.nanoTime();
        ThreadCpu.Snapshot cpuAfter = ThreadCpu.take();
        double seconds = (end - firstIn) / 1e9;
        long done = reached ? target : counter.count();
        run.put("timedOut", !reached);
        run.put("committedOutputs", done);
        run.put("seconds", round3(seconds));
        run.put("imagesPerSecond", Math.round(done / seconds));
        run.put("startupSeconds", round3((firstIn - t0) / 1e9));
        run.put(
            "lastOutputProcessedToCommittedMs",
            processed > 0 && reached ? Math.round((end - processed) / 1e6) : null);
        run.put("dlq", metrics.deadLetterCount());
        run.put("batches", metrics.batchCount());
        if (metrics.batchCount() > 0) {
          run.put("meanBatchSize", round3(metrics.batchSizeTotal() / metrics.batchCount()));
          Timer timer = metrics.registry().find("compressnet.inference").timer();
          run.put("batchStepSeconds", round3(timer.totalTime(TimeUnit.SECONDS)));
        }
        run.put("kafkaStreamsMetrics", streamsMetrics(app));
        run.put(
            "cpuSecondsByThreadGroup", roundValues(ThreadCpu.secondsByGroup(cpuBefore, cpuAfter)));
      }
    }
    log.printf(
        Locale.ROOT,
        "%-28s rep %d: %6d images in %7.2f s = %7d images/s%s%n",
        label,
        rep,
        run.get("committedOutputs"),
        (Double) run.get("seconds"),
        (Long) run.get("imagesPerSecond"),
        Boolean.TRUE.equals(run.get("timedOut")) ? " (TIMED OUT)" : "");
    return run;
  }

  /**
   * Fails a run at once when its pre-loaded input holds fewer records than its target: it could
   * only end by timing out, after processing everything (the zstd run's input holds exactly the
   * target). Decoder inputs are the latents of an encoder run that reached the same target.
   */
  private void requireEnoughInput(String label, String input, int target) {
    Long records = preloaded.get(input);
    if (records != null && records < target) {
      throw new IllegalStateException(
          label + ": input " + input + " holds " + records + " records, the run needs " + target);
    }
  }

  /** Polls {@code condition} every millisecond; returns the {@code nanoTime} it became true. */
  private static long waitFor(
      java.util.function.BooleanSupplier condition, long from, Duration timeout) {
    long deadline = from + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return -1;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return System.nanoTime();
  }

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

  /** A few Kafka Streams thread and producer metrics, summed over threads. */
  private static Map<String, Object> streamsMetrics(StreamsApp app) {
    Map<String, Double> values = new java.util.TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> e : app.streams().metrics().entrySet()) {
      MetricName name = e.getKey();
      boolean wanted =
          (name.group().equals("stream-thread-metrics")
                  && STREAM_THREAD_METRICS.contains(name.name()))
              || (name.group().equals("producer-metrics")
                  && PRODUCER_METRICS.contains(name.name()));
      if (!wanted || !(e.getValue().metricValue() instanceof Number n)) {
        continue;
      }
      double v = n.doubleValue();
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        continue;
      }
      String key = name.group().startsWith("producer") ? "producer " + name.name() : name.name();
      values.merge(key, v, Double::sum);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, round3(v)));
    return out;
  }

  private static void addRun(Map<String, List<Map<String, Object>>> runs, Map<String, Object> run) {
    runs.computeIfAbsent((String) run.get("phase"), k -> new ArrayList<>()).add(run);
  }

  private static Map<String, Object> summarise(Map<String, List<Map<String, Object>>> runs) {
    Map<String, Object> out = new LinkedHashMap<>();
    runs.forEach(
        (phase, list) -> {
          double[] rates =
              list.stream()
                  .mapToDouble(r -> ((Number) r.get("imagesPerSecond")).doubleValue())
                  .toArray();
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("medianImagesPerSecond", Math.round(Stats.median(rates)));
          m.put("repetitions", NetworkAlone.rounded(rates));
          m.put("runs", list);
          out.put(phase, m);
        });
    return out;
  }

  /** Ratios of medians, and the same ratio within each repetition. */
  private static Map<String, Object> ratios(Map<String, List<Map<String, Object>>> runs) {
    Map<String, Object> out = new LinkedHashMap<>();
    ratio(out, runs, "encoder-b64 / kafka-bytes-copy", "encoder-b64", "kafka-bytes-copy");
    ratio(out, runs, "encoder-b64 / batching-copy-b64", "encoder-b64", "batching-copy-b64");
    ratio(out, runs, "batching-copy-b64 / kafka-avro-copy", "batching-copy-b64", "kafka-avro-copy");
    ratio(out, runs, "kafka-avro-copy / kafka-bytes-copy", "kafka-avro-copy", "kafka-bytes-copy");
    ratio(out, runs, "decoder-b64 / kafka-bytes-copy", "decoder-b64", "kafka-bytes-copy");
    ratio(out, runs, "encoder-b64 / encoder-b1", "encoder-b64", "encoder-b1");
    ratio(out, runs, "decoder-b64 / decoder-b1", "decoder-b64", "decoder-b1");
    return out;
  }

  private static void ratio(
      Map<String, Object> out,
      Map<String, List<Map<String, Object>>> runs,
      String name,
      String a,
      String b) {
    List<Map<String, Object>> as = runs.get(a);
    List<Map<String, Object>> bs = runs.get(b);
    if (as == null || bs == null) {
      return;
    }
    int n = Math.min(as.size(), bs.size());
    double[] perRep = new double[n];
    for (int i = 0; i < n; i++) {
      perRep[i] = rate(as.get(i)) / rate(bs.get(i));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("medianOfRepetitionRatios", round3(Stats.median(perRep)));
    m.put("repetitions", java.util.Arrays.stream(perRep).map(PipelineBenchmark::round3).toArray());
    out.put(name, m);
  }

  private static double rate(Map<String, Object> run) {
    return ((Number) run.get("imagesPerSecond")).doubleValue();
  }

  // ---------------------------------------------------------------- latency

  /**
   * The service settings of one latency run.
   *
   * @param name how the report names it
   * @param label short form for topic names
   * @param rate images per second sent
   * @param batch batch size of both services
   * @param encoder settings added to the encoder's
   * @param decoder settings added to the decoder's
   */
  record LatencyVariant(
      String name,
      String label,
      double rate,
      int batch,
      Map<String, String> encoder,
      Map<String, String> decoder) {}

  /**
   * Default settings always; with diagnostics, a shorter commit interval alone, and the settings
   * docs/bench recommends for latency: under exactly-once a record is visible downstream only when
   * its producer commits, so each stage adds up to a commit interval; a batch of 16 is one forward
   * pass (the default pass size) and fills 4 times sooner than 64. The low-latency settings also
   * run at a half and a quarter of {@code --rate}, where the default model's decoder is not
   * saturated on a small machine.
   */
  private List<LatencyVariant> latencyVariants() {
    List<LatencyVariant> variants = new ArrayList<>();
    double rate = options.rate();
    variants.add(new LatencyVariant("default settings", "default", rate, 64, Map.of(), Map.of()));
    if (options.diagnostics()) {
      Map<String, String> commit20 = Map.of("commit.interval.ms", "20");
      variants.add(
          new LatencyVariant("commit.interval.ms=20", "commit20", rate, 64, commit20, commit20));
      variants.add(new LatencyVariant(LOW_LATENCY_VARIANT, "lowlat", rate, 16, commit20, commit20));
      for (double fraction : new double[] {0.5, 0.25}) {
        variants.add(
            new LatencyVariant(
                LOW_LATENCY_VARIANT,
                "lowlat" + Math.round(rate * fraction),
                rate * fraction,
                16,
                commit20,
                commit20));
      }
    }
    return variants;
  }

  private Map<String, Object> latencyRun(LatencyVariant v) throws Exception {
    String variant = v.name();
    String label = "latency-" + v.label();
    String raw = topicName(label + "-raw", 1);
    String latent = topicName(label + "-latent", 1);
    String reconstructed = topicName(label + "-reconstructed", 1);
    createTopics(Map.of(raw, Map.of(), latent, Map.of(), reconstructed, Map.of()));
    registry.register(Topics.valueSubject(raw), ImageEvent.getClassSchema());
    registry.register(Topics.valueSubject(latent), LatentVector.getClassSchema());
    registry.register(Topics.valueSubject(reconstructed), ReconstructedImage.getClassSchema());
    EncoderConfig enc =
        encoderConfig(appId(label + "-enc", 1), raw, latent, v.batch(), v.encoder());
    DecoderConfig dec =
        decoderConfig(appId(label + "-dec", 1), latent, reconstructed, v.batch(), v.decoder());
    ServiceMetrics encMetrics = ServiceMetrics.inMemory("encoder");
    ServiceMetrics decMetrics = ServiceMetrics.inMemory("decoder");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("variant", variant);
    m.put("batchSize", v.batch());
    m.put("encoderSettings", v.encoder());
    m.put("decoderSettings", v.decoder());
    m.put("ratePerSecond", v.rate());
    m.put("warmupSeconds", options.warmupSeconds());
    m.put("measuredSeconds", options.latencySeconds());
    try (StreamsApp encoder =
            StreamsApp.start(
                EncoderService.buildTopology(enc, registry, encMetrics),
                enc.service(),
                encMetrics);
        StreamsApp decoder =
            StreamsApp.start(
                DecoderService.buildTopology(dec, registry, decMetrics),
                dec.service(),
                decMetrics)) {
      if (!encoder.awaitRunning(Duration.ofSeconds(60))
          || !decoder.awaitRunning(Duration.ofSeconds(60))) {
        throw new IllegalStateException("encoder or decoder did not reach RUNNING");
      }
      long start = System.currentTimeMillis();
      long measureFrom = start + options.warmupSeconds() * 1000L;
      SpecificAvroSerde<ReconstructedImage> serde =
          new SpecificAvroSerde<>(registry, ReconstructedImage.class, true);
      try (LatencyProbe probe =
          new LatencyProbe(
                  stack.bootstrapServers(), reconstructed, serde.deserializer(), measureFrom)
              .start()) {
        ThreadCpu.Snapshot before = ThreadCpu.take();
        long sent =
            produceAtRate(raw, v.rate(), options.warmupSeconds() + options.latencySeconds());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (probe.received() < sent && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        ThreadCpu.Snapshot after = ThreadCpu.take();
        m.put("sent", sent);
        m.put("received", probe.received());
        m.put("encoderOut", encMetrics.outCount());
        m.put("decoderOut", decMetrics.outCount());
        m.put(
            "encoderMeanBatchSize",
            encMetrics.batchCount() == 0
                ? 0
                : round3(encMetrics.batchSizeTotal() / encMetrics.batchCount()));
        m.put(
            "decoderMeanBatchSize",
            decMetrics.batchCount() == 0
                ? 0
                : round3(decMetrics.batchSizeTotal() / decMetrics.batchCount()));
        m.put("latencyMs", probe.summary());
        m.put("cpuSecondsByThreadGroup", roundValues(ThreadCpu.secondsByGroup(before, after)));
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> lat = (Map<String, Object>) m.get("latencyMs");
    log.printf("latency (%s) at %.0f images/s: %s%n", variant, v.rate(), lat);
    return m;
  }

  /** Sends fresh images (capturedAt = now) at {@code rate} per second; returns how many. */
  private long produceAtRate(String topic, double rate, int seconds) {
    Serializer<ImageEvent> serializer =
        new SpecificAvroSerde<>(registry, ImageEvent.class, true).serializer();
    long total = Math.round(rate * seconds);
    try (KafkaProducer<String, byte[]> producer = producer()) {
      long start = System.nanoTime();
      for (long i = 0; i < total; i++) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        String id = "lat-" + runId + "-" + i;
        byte[] value = serializer.serialize(topic, event(id, (int) (i % images.size())));
        producer.send(new ProducerRecord<>(topic, id, value));
      }
      producer.flush();
    }
    return total;
  }

  // ---------------------------------------------------------------- bytes

  private List<Map<String, Object>> bytes(long rawPayload) throws Exception {
    Map<TopicPartition, Long> sizes = replicaSizes();
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Long> committed = new HashMap<>();
    for (Map.Entry<String, LogBytesProbe> e : bytesProbes.entrySet()) {
      LogBytesProbe probe = e.getValue();
      Payload payload = payloadBytes(probe.topic());
      committed.put(e.getKey(), payload.records());
      // Divide by the records actually in the topic: an app stopped after N outputs may have
      // committed more than N before it closed.
      LogBytes b =
          new LogBytes(
              probe.topic(),
              payload.records(),
              LogBytes.topicLogBytes(sizes, probe.topic()),
              payload.bytes());
      out.add(bytesRow(e.getKey(), probe.what(), b));
    }
    // The buffer changelogs: what batching writes to the broker per image the app processed.
    for (String changelog : changelogTopics(sizes)) {
      if (changelog.contains("encoder-b64-r1-") || changelog.contains("decoder-b64-r1-")) {
        long images =
            committed.getOrDefault(
                changelog.contains("encoder") ? "latent" : "reconstructed", (long) options.count());
        LogBytes b =
            new LogBytes(
                changelog,
                images,
                LogBytes.topicLogBytes(sizes, changelog),
                payloadBytes(changelog).bytes());
        out.add(
            bytesRow(
                "changelog",
                (changelog.contains("encoder") ? "encoder" : "decoder")
                    + " batch buffer changelog, per image processed (puts and deletes)",
                b));
      }
    }
    log.printf("bytes: %s%n", out);
    return out;
  }

  /** Committed records of a topic and the sum of their key, value and header bytes. */
  private record Payload(long records, long bytes) {}

  private static Map<String, Object> bytesRow(String key, String what, LogBytes b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("what", what);
    m.put("topic", b.topic());
    m.put("records", b.records());
    m.put("logBytes", b.logBytes());
    m.put("logBytesPerImage", round3(b.logBytesPerRecord()));
    m.put("payloadBytesPerImage", round3(b.payloadBytesPerRecord()));
    m.put("brokerOverheadPerImage", round3(b.overheadPerRecord()));
    return m;
  }

  private List<String> changelogTopics(Map<TopicPartition, Long> sizes) {
    return sizes.keySet().stream()
        .map(TopicPartition::topic)
        .distinct()
        .filter(t -> t.endsWith("-changelog"))
        .sorted()
        .toList();
  }

  private Map<TopicPartition, Long> replicaSizes() throws Exception {
    try (Admin admin = stack.kafka().admin()) {
      List<Integer> brokers =
          admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
      Map<TopicPartition, Long> sizes = new HashMap<>();
      for (Map<String, LogDirDescription> dirs :
          admin.describeLogDirs(brokers).allDescriptions().get().values()) {
        for (LogDirDescription dir : dirs.values()) {
          for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
            sizes.merge(r.getKey(), r.getValue().size(), Long::sum);
          }
        }
      }
      return sizes;
    }
  }

  /** Sum of key, value and header bytes of every committed record of {@code topic}. */
  private Payload payloadBytes(String topic) {
    Properties p = CommittedConsumer.properties(stack.bootstrapServers());
    long total = 0;
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(x -> new TopicPartition(topic, x.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long idle = 0;
      while (idle < 10 && !caughtUp(consumer, end)) {
        var records = consumer.poll(Duration.ofMillis(200));
        idle = records.isEmpty() ? idle + 1 : 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
          Map<String, byte[]> headers = new LinkedHashMap<>();
          for (Header h : r.headers()) {
            headers.put(h.key(), h.value());
          }
          total += LogBytes.payloadBytes(r.key(), r.value(), headers);
          count++;
        }
      }
    }
    return new Payload(count, total);
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- network alone

  private List<Map<String, Object>> networkAlone() {
    List<NetworkAlone.Config> configs =
        List.of(
            new NetworkAlone.Config(64, 16),
            new NetworkAlone.Config(64, 64),
            new NetworkAlone.Config(1, 16),
            new NetworkAlone.Config(1, 64));
    List<Map<String, Object>> out = new ArrayList<>();
    for (NetworkAlone.Figures f :
        NetworkAlone.measure(
            bundle,
            images,
            configs,
            NETWORK_REPETITIONS,
            options.networkSeconds(),
            Refinement.ofSteps(options.refineSteps()))) {
      log.printf(
          Locale.ROOT,
          "network alone, batch %2d, pass %2d: encode %7.0f images/s, decode %7.0f images/s%n",
          f.batch(),
          f.passSize(),
          f.encodePerSecond(),
          f.decodePerSecond());
      out.add(f.toMap());
    }
    return out;
  }

  // ---------------------------------------------------------------- plumbing

  private EncoderConfig encoderConfig(
      String appId, String input, String output, int batch, Map<String, String> extra) {
    Map<String, String> o = common(appId);
    o.put(EncoderConfig.MODEL_DIR.property(), options.modelDir().toString());
    o.put(InferenceServiceKeys.INPUT_TOPIC.property(), input);
    o.put(InferenceServiceKeys.OUTPUT_TOPIC.property(), output);
    o.put(InferenceServiceKeys.BATCH_SIZE.property(), Integer.toString(batch));
    o.put(EncoderConfig.REFINE_STEPS.property(), Integer.toString(options.refineSteps()));
    o.putAll(extra);
    return EncoderConfig.load(Map.of(), null, o);
  }

  private DecoderConfig decoderConfig(
      String appId, String input, String output, int batch, Map<String, String> extra) {
    Map<String, String> o = common(appId);
    o.put(
        DecoderConfig.MODELS_DIR.property(),
        options.modelDir().toAbsolutePath().getParent().toString());
    o.put(InferenceServiceKeys.INPUT_TOPIC.property(), input);
    o.put(InferenceServiceKeys.OUTPUT_TOPIC.property(), output);
    o.put(InferenceServiceKeys.BATCH_SIZE.property(), Integer.toString(batch));
    o.putAll(extra);
    return DecoderConfig.load(Map.of(), null, o);
  }

  private Map<String, String> common(String appId) {
    Map<String, String> o = new HashMap<>();
    o.put(ServiceConfig.BOOTSTRAP_SERVERS.property(), stack.bootstrapServers());
    o.put(ServiceConfig.SCHEMA_REGISTRY_URL.property(), stack.registryUrl());
    o.put(ServiceConfig.APPLICATION_ID.property(), appId);
    o.put(ServiceConfig.METRICS_PORT.property(), "0");
    o.put("state.dir", stateDir.toString());
    return o;
  }

  private String appId(String label, int rep) {
    return "bench-" + label + "-r" + rep + "-" + runId;
  }

  private String topicName(String label, int rep) {
    return "bench-" + label + "-r" + rep + "-" + runId;
  }

  private void createTopics(Map<String, Map<String, String>> topics) throws Exception {
    try (Admin admin = stack.kafka().admin()) {
      List<NewTopic> list =
          topics.entrySet().stream()
              .map(e -> new NewTopic(e.getKey(), PARTITIONS, (short) 1).configs(e.getValue()))
              .toList();
      admin.createTopics(list).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot create topics " + topics.keySet() + ": " + e.getCause(), e);
    }
  }

  private KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-producer");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Sends {@code n} images (the sample, cycled) with fresh ids and checks they are all in the topic
   * (see {@link InputLoader}); returns their payload bytes.
   */
  private long preload(String topic, int n, String prefix) throws InterruptedException {
    Serializer<ImageEvent> serializer =
        new SpecificAvroSerde<>(registry, ImageEvent.class, true).serializer();
    InputLoader.Loaded loaded;
    try (KafkaProducer<String, byte[]> producer = producer();
        Admin admin = stack.kafka().admin()) {
      loaded =
          InputLoader.load(
              producer,
              admin,
              topic,
              n,
              i -> {
                String id = prefix + "-" + runId + "-" + i;
                return new ProducerRecord<>(
                    topic, id, serializer.serialize(topic, event(id, i % images.size())));
              });
    }
    preloaded.put(topic, loaded.records());
    return loaded.payloadBytes();
  }

  private ImageEvent event(String id, int index) {
    return ImageEvent.newBuilder()
        .setId(id)
        .setSource("bench")
        .setCapturedAt(Instant.now())
        .setWidth(images.width())
        .setHeight(images.height())
        .setPixels(ByteBuffer.wrap(images.images()[index]))
        .setLabel(null)
        .build();
  }

  private Map<String, Object> modelInfo() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("modelId", bundle.modelId());
    m.put("directory", options.modelDir().toString());
    m.put("architecture", bundle.spec().architecture().shortName());
    m.put("latentDims", bundle.spec().latentDims());
    m.put("encoding", bundle.defaultEncoding().name());
    m.put("latentBytes", bundle.packer(bundle.defaultEncoding().uncoded()).bytesPerImage());
    m.put("pixels", bundle.spec().pixels());
    return m;
  }

  private Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", options.images().toString());
    m.put("count", options.count());
    m.put("batchOneCount", options.batchOneCount());
    m.put("repetitions", options.repetitions());
    m.put("latencyRate", options.rate());
    m.put("latencySeconds", options.latencySeconds());
    m.put("latencyWarmupSeconds", options.warmupSeconds());
    m.put("partitions", PARTITIONS);
    m.put("processingGuarantee", "exactly_once_v2 (service default)");
    m.put("numStreamThreads", "1 (service default)");
    m.put(
        "commitIntervalMs",
        InferenceServiceKeys.COMMIT_INTERVAL_MS.defaultValue() + " (service default)");
    m.put("batchMaxWaitMs", BatchSettings.DEFAULT_MAX_WAIT.toMillis());
    m.put(
        "inferencePassSize",
        "16 (remainders of up to 12 rows in 4-row passes where bit-identical)");
    m.put(
        "inferenceThreads",
        System.getProperty("ai.djl.pytorch.num_threads", "1") + " PyTorch intra-op thread(s)");
    m.put(
        "encoderRefinementSteps",
        options.refineSteps() == 0
            ? "0 (off, the service default)"
            : options.refineSteps() + " of " + Refinement.DEFAULT_STEP_SIZE);
    m.put("producer", "acks=all, idempotent, linger.ms=5, uncompressed");
    return m;
  }

  static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static Map<String, Double> roundValues(Map<String, Double> in) {
    Map<String, Double> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(k, round3(v)));
    return out;
  }
}
