package io.compressnet.bench.pipeline;

import io.compressnet.bench.pipeline.PipelineResult.LatencyRun;
import io.compressnet.bench.pipeline.PipelineResult.TopicBytes;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.decoder.DecoderConfig;
import io.compressnet.encoder.EncoderConfig;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.streams.BatchSettings;
import io.compressnet.streams.InferenceDefaults;
import io.compressnet.streams.InferenceServiceKeys;
import io.compressnet.streams.ServiceConfig;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code compressnet bench pipeline}: the encoder and decoder services on the embedded broker
 * (DevStack), measured in one run, phase by phase: the network alone (no Kafka, {@link
 * NetworkAlone}); {@link Throughput} of pass-through apps (Kafka alone, + Avro, + batching store),
 * the encoder and the decoder at batch 64 and 1 on pre-loaded input; end-to-end {@link Latency} at
 * a fixed input rate with both services running; {@link BrokerBytes} per image on the input and
 * latent topics, with and without topic compression. Results go to {@code pipeline.json} and {@code
 * pipeline.md} ({@link PipelineReport}).
 */
final class PipelineBenchmark {

  private PipelineBenchmark() {}

  /** Runs everything and writes the report; returns the result, as written to JSON. */
  static PipelineResult run(PipelineCommand options, PrintStream log) throws Exception {
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
    Throughput.Result throughput;
    List<LatencyRun> latency;
    List<TopicBytes> bytes;
    try (BenchBroker broker = BenchBroker.start(options, images, log)) {
      throughput = new Throughput(broker, options, log).run();
      latency = new Latency(broker, options, log).run();
      bytes = new BrokerBytes(broker, options.count, log).measure(throughput.topics());
    }
    PipelineResult.Model model =
        new PipelineResult.Model(
            bundle.modelId(),
            options.model.toString(),
            bundle.spec().architecture().shortName(),
            bundle.spec().latentDims(),
            bundle.defaultEncoding().name(),
            bundle.packer(bundle.defaultEncoding().uncoded()).bytesPerImage(),
            bundle.spec().pixels());
    PipelineResult.Settings settings =
        new PipelineResult.Settings(
            options.images.toString(),
            options.count,
            options.batchOneCount,
            options.repetitions,
            options.rate,
            options.latencySeconds,
            options.warmupSeconds,
            BenchBroker.PARTITIONS,
            "exactly_once_v2 (service default)",
            "one per core at the start, shed down to 1 while the load fits in fewer, added back"
                + " while saturated (service defaults: "
                + ServiceConfig.MAX_STREAM_THREADS.property()
                + " = 0, num.stream.threads = 1)",
            InferenceServiceKeys.COMMIT_INTERVAL_MS.defaultValue() + " (service default)",
            BatchSettings.DEFAULT_MAX_WAIT.toMillis(),
            "encoder "
                + EncoderConfig.DEFAULTS.passSize()
                + ", decoder "
                + DecoderConfig.DEFAULTS.passSize()
                + " (the largest pass; the sizes used are those, halving down to 2, that give the"
                + " same bits as a 4-row pass on the machine)",
            System.getProperty("ai.djl.pytorch.num_threads", "1") + " PyTorch intra-op thread(s)",
            options.refineSteps == 0
                ? "0 (off, the service default)"
                : options.refineSteps + " of " + Refinement.DEFAULT_STEP_SIZE,
            "acks=all, idempotent, linger.ms=5, uncompressed");
    PipelineResult result =
        new PipelineResult(
            options.commandLine(),
            startedAt,
            machine,
            model,
            settings,
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
}
