package io.compressnet.bench.pipeline;

import io.compressnet.bench.pipeline.PipelineResult.LatencyRun;
import io.compressnet.bench.pipeline.PipelineResult.TopicBytes;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.streams.BatchSettings;
import io.compressnet.streams.InferenceDefaults;
import io.compressnet.streams.InferenceServiceKeys;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code compressnet bench pipeline}: the encoder and decoder services on the embedded broker
 * (DevStack), measured in one run:
 *
 * <ul>
 *   <li>the network alone (no Kafka) for comparison ({@link NetworkAlone});
 *   <li>throughput of pass-through apps (Kafka alone, + Avro, + batching store), the encoder and
 *       the decoder at batch 64 and 1, each on pre-loaded input, from the first record read to the
 *       last output committed (seen by a {@code read_committed} consumer); medians of repetitions
 *       that interleave the phases ({@link ThroughputPhases});
 *   <li>end-to-end latency percentiles at a fixed input rate with both services running ({@link
 *       LatencyRuns});
 *   <li>bytes per image on the input and latent topics as the broker stores them, with and without
 *       topic compression ({@link BrokerBytes});
 *   <li>where each run's CPU went (thread groups), inference time, commit time.
 * </ul>
 *
 * Results go to {@code pipeline.json} and {@code pipeline.md} in the output directory ({@link
 * PipelineReport}).
 */
public final class PipelineBenchmark {

  private final PipelineCommand options;
  private final PrintStream log;

  public PipelineBenchmark(PipelineCommand options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  /** Runs everything and writes the report; returns the result, as written to JSON. */
  PipelineResult run() throws Exception {
    InferenceDefaults.apply(options.inferenceThreads);
    String startedAt = now();
    Machine machine = Machine.describe();
    ModelBundle bundle = ModelBundle.load(options.model);
    ImageSet images = IdxReader.readImages(options.images, IdxReader.Layout.TRANSPOSED, 0);
    log.printf(
        "model %s, %d sample images from %s%n", bundle.modelId(), images.size(), options.images);
    List<NetworkAlone.Figures> network =
        NetworkAlone.measure(
            bundle, images, options.networkSeconds, Refinement.ofSteps(options.refineSteps), log);
    ThroughputPhases.Result throughput;
    List<LatencyRun> latency;
    List<TopicBytes> bytes;
    try (BenchBroker broker = BenchBroker.start(options, images, log)) {
      throughput = new ThroughputPhases(broker, options, log).run();
      latency = new LatencyRuns(broker, options, log).run();
      bytes = new BrokerBytes(broker, options.count, log).measure(throughput.topics());
    }
    PipelineResult result =
        new PipelineResult(
            options.commandLine(),
            startedAt,
            machine,
            model(bundle),
            settings(),
            network,
            throughput.phases(),
            throughput.ratios(),
            throughput.diagnostics(),
            latency,
            bytes,
            now(),
            Machine.loadAverage(),
            PipelineReport.targets(options.rate, throughput.phases(), latency));
    PipelineReport.write(result, options.output);
    log.printf(
        "wrote %s and %s%n",
        options.output.resolve("pipeline.json"), options.output.resolve("pipeline.md"));
    return result;
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private PipelineResult.Model model(ModelBundle bundle) {
    return new PipelineResult.Model(
        bundle.modelId(),
        options.model.toString(),
        bundle.spec().architecture().shortName(),
        bundle.spec().latentDims(),
        bundle.defaultEncoding().name(),
        bundle.packer(bundle.defaultEncoding().uncoded()).bytesPerImage(),
        bundle.spec().pixels());
  }

  private PipelineResult.Settings settings() {
    return new PipelineResult.Settings(
        options.images.toString(),
        options.count,
        options.batchOneCount,
        options.repetitions,
        options.rate,
        options.latencySeconds,
        options.warmupSeconds,
        BenchBroker.PARTITIONS,
        "exactly_once_v2 (service default)",
        "1 (service default)",
        InferenceServiceKeys.COMMIT_INTERVAL_MS.defaultValue() + " (service default)",
        BatchSettings.DEFAULT_MAX_WAIT.toMillis(),
        "16 (remainders of up to 12 rows in 4-row passes where bit-identical)",
        System.getProperty("ai.djl.pytorch.num_threads", "1") + " PyTorch intra-op thread(s)",
        options.refineSteps == 0
            ? "0 (off, the service default)"
            : options.refineSteps + " of " + Refinement.DEFAULT_STEP_SIZE,
        "acks=all, idempotent, linger.ms=5, uncompressed");
  }
}
