package io.compressnet.bench.pipeline;

import static io.compressnet.bench.pipeline.Stats.round3;

import io.compressnet.bench.pipeline.PassThroughTopologies.Kind;
import io.compressnet.bench.pipeline.PipelineResult.Phase;
import io.compressnet.bench.pipeline.PipelineResult.Ratio;
import io.compressnet.bench.pipeline.PipelineResult.Run;
import io.compressnet.streams.ServiceConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The throughput phases on pre-loaded input: an unreported warm-up; the repetitions, each running
 * every phase in turn (so that a slow spell of the machine hits all phases alike); the one-off
 * diagnostic runs; the medians and the ratios between phases.
 */
final class ThroughputPhases {

  static final String RAW = "bench-raw";
  static final String RAW_ZSTD = "bench-raw-zstd";

  /** Phase pairs whose rates are compared, as "a / b". */
  private static final List<List<String>> RATIOS =
      List.of(
          List.of("encoder-b64", "kafka-bytes-copy"),
          List.of("encoder-b64", "batching-copy-b64"),
          List.of("batching-copy-b64", "kafka-avro-copy"),
          List.of("kafka-avro-copy", "kafka-bytes-copy"),
          List.of("decoder-b64", "kafka-bytes-copy"),
          List.of("encoder-b64", "encoder-b1"),
          List.of("decoder-b64", "decoder-b1"));

  /** The phases' figures, and the topics whose bytes per image the report gives. */
  record Result(
      Map<String, Phase> phases,
      Map<String, Ratio> ratios,
      List<Run> diagnostics,
      List<BrokerBytes.Probe> topics) {}

  private final BenchBroker broker;
  private final PipelineCommand options;
  private final PrintStream log;
  private final ThroughputRuns runs;
  private final List<BrokerBytes.Probe> topics = new ArrayList<>();

  ThroughputPhases(BenchBroker broker, PipelineCommand options, PrintStream log) {
    this.broker = broker;
    this.options = options;
    this.log = log;
    this.runs = new ThroughputRuns(broker, log);
  }

  Result run() throws Exception {
    broker.createTopics(Map.of(RAW, Map.of()));
    broker.preload(RAW, passThroughCount(), "img");
    topics.add(new BrokerBytes.Probe("raw", RAW, "images.raw (ImageEvent)"));
    log.printf("pre-loaded %d images into %s%n", passThroughCount(), RAW);
    warmUp();
    Map<String, List<Run>> byPhase = new LinkedHashMap<>();
    String latent = null;
    for (int rep = 1; rep <= options.repetitions; rep++) {
      latent = repetition(rep, latent, byPhase);
    }
    String reconstructed = byPhase.get("decoder-b64").get(0).outputTopic();
    topics.add(new BrokerBytes.Probe("latent", latent, "images.latent (LatentVector)"));
    topics.add(
        new BrokerBytes.Probe(
            "reconstructed", reconstructed, "images.reconstructed (ReconstructedImage)"));
    List<Run> diagnostics = diagnostics(latent);
    return new Result(summarise(byPhase), ratios(byPhase), diagnostics, topics);
  }

  /** Pass-through apps are fast: they copy more images so their runs last long enough to time. */
  private int passThroughCount() {
    return options.count * 4;
  }

  /** JIT, engine, registry caches, broker page cache; not reported. */
  private void warmUp() throws Exception {
    int n = Math.min(1000, options.count);
    runs.passThrough("warmup-copy", 0, RAW, passThroughCount(), Kind.BATCHING);
    Run encoded = runs.encoder("warmup-encoder", 0, RAW, 64, n, Map.of(), false);
    runs.decoder("warmup-decoder", 0, encoded.outputTopic(), 64, n, Map.of());
  }

  /**
   * Every phase once; decoders read the latents of the first repetition's encoder at batch 64.
   * Returns that latent topic.
   */
  private String repetition(int rep, String latent, Map<String, List<Run>> byPhase)
      throws Exception {
    int count = options.count;
    int one = options.batchOneCount;
    int copies = passThroughCount();
    List<Run> done = new ArrayList<>();
    done.add(runs.passThrough("kafka-bytes-copy", rep, RAW, copies, Kind.BYTES));
    done.add(runs.passThrough("kafka-avro-copy", rep, RAW, copies, Kind.AVRO));
    done.add(runs.passThrough("batching-copy-b64", rep, RAW, copies, Kind.BATCHING));
    Run encoder = runs.encoder("encoder-b64", rep, RAW, 64, count, Map.of(), false);
    done.add(encoder);
    String latents = latent == null ? encoder.outputTopic() : latent;
    done.add(runs.encoder("encoder-b1", rep, RAW, 1, one, Map.of(), false));
    done.add(runs.decoder("decoder-b64", rep, latents, 64, count, Map.of()));
    done.add(runs.decoder("decoder-b1", rep, latents, 1, one, Map.of()));
    done.forEach(r -> byPhase.computeIfAbsent(r.phase(), k -> new ArrayList<>()).add(r));
    return latents;
  }

  /**
   * Always the encoder on zstd topics (for the bytes on the broker); with diagnostics also
   * at_least_once, and a stream thread per core against the services' one: each stream thread runs
   * its own forward passes, for a user whose rate needs more than one thread's passes.
   */
  private List<Run> diagnostics(String latent) throws Exception {
    int count = options.count;
    broker.createTopics(Map.of(RAW_ZSTD, Map.of("compression.type", "zstd")));
    broker.preload(RAW_ZSTD, count, "zimg");
    topics.add(new BrokerBytes.Probe("raw-zstd", RAW_ZSTD, "images.raw, topic zstd"));
    List<Run> out = new ArrayList<>();
    out.add(runs.encoder("encoder-b64-zstd-topics", 1, RAW_ZSTD, 64, count, Map.of(), true));
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
      out.add(runs.encoder("encoder-b64-at-least-once", 1, RAW, 64, count, atLeastOnce, false));
      out.add(runs.encoder("encoder-b64-thread-per-core", 1, RAW, 64, count, perCore, false));
      out.add(runs.decoder("decoder-b64-thread-per-core", 1, latent, 64, count, perCore));
    }
    return out;
  }

  private static Map<String, Phase> summarise(Map<String, List<Run>> byPhase) {
    Map<String, Phase> out = new LinkedHashMap<>();
    byPhase.forEach(
        (phase, list) -> {
          double[] rates = list.stream().mapToDouble(Run::imagesPerSecond).toArray();
          long[] rounded = Arrays.stream(rates).mapToLong(Math::round).toArray();
          out.put(phase, new Phase(Math.round(Stats.median(rates)), rounded, list));
        });
    return out;
  }

  /** Each ratio within each repetition, and their median. */
  private static Map<String, Ratio> ratios(Map<String, List<Run>> byPhase) {
    Map<String, Ratio> out = new LinkedHashMap<>();
    for (List<String> pair : RATIOS) {
      List<Run> as = byPhase.get(pair.get(0));
      List<Run> bs = byPhase.get(pair.get(1));
      if (as == null || bs == null) {
        continue;
      }
      double[] perRep = new double[Math.min(as.size(), bs.size())];
      for (int i = 0; i < perRep.length; i++) {
        perRep[i] = (double) as.get(i).imagesPerSecond() / bs.get(i).imagesPerSecond();
      }
      double[] rounded = Arrays.stream(perRep).map(Stats::round3).toArray();
      out.put(pair.get(0) + " / " + pair.get(1), new Ratio(round3(Stats.median(perRep)), rounded));
    }
    return out;
  }
}
