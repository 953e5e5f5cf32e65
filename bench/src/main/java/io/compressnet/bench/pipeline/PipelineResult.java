package io.compressnet.bench.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code bench pipeline} run measured: pipeline.json is this record, field for
 * field, and pipeline.md is rendered from it (also when read back from an older pipeline.json).
 */
record PipelineResult(
    String command,
    String startedAt,
    Machine machine,
    Model model,
    Settings settings,
    List<NetworkAlone.Figures> networkAlone,
    Map<String, Phase> throughput,
    Map<String, Ratio> ratios,
    List<Run> diagnostics,
    List<LatencyRun> latency,
    List<TopicBytes> bytes,
    String finishedAt,
    double loadAverageAtEnd,
    List<Target> targets) {

  record Model(
      String modelId,
      String directory,
      String architecture,
      int latentDims,
      String encoding,
      int latentBytes,
      int pixels) {}

  record Settings(
      String images,
      int count,
      int batchOneCount,
      int repetitions,
      double latencyRate,
      int latencySeconds,
      int latencyWarmupSeconds,
      int partitions,
      String processingGuarantee,
      String numStreamThreads,
      String commitIntervalMs,
      long batchMaxWaitMs,
      String inferencePassSize,
      String inferenceThreads,
      String encoderRefinementSteps,
      String producer) {}

  record Phase(long medianImagesPerSecond, long[] repetitions, List<Run> runs) {

    /**
     * The repetition whose images/s is the median (the lower middle one for an even count): the one
     * the report takes CPU and other per-run figures from. Repetition 1 is the first run of its
     * code paths in this JVM and carries their JIT compilation (measured: 1.7 s of compiler time in
     * the first decoder-b64 run, none in the next two).
     */
    Run medianRun() {
      List<Run> sorted = new ArrayList<>(runs);
      sorted.sort(Comparator.comparingLong(Run::imagesPerSecond));
      return sorted.get((sorted.size() - 1) / 2);
    }
  }

  /** One app timed on pre-loaded input; batch figures are absent for apps that do not batch. */
  record Run(
      String phase,
      int repetition,
      String outputTopic,
      String applicationId,
      int images,
      boolean timedOut,
      long committedOutputs,
      double seconds,
      long imagesPerSecond,
      double startupSeconds,
      Long lastOutputProcessedToCommittedMs,
      long dlq,
      long batches,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double meanBatchSize,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double batchStepSeconds,
      Map<String, Double> kafkaStreamsMetrics,
      Map<String, Double> cpuSecondsByThreadGroup) {

    /** CPU seconds of the stream threads, which run inference too; null if none was seen. */
    Double streamThreadCpuSeconds() {
      return cpuSecondsByThreadGroup.get(ThreadCpu.STREAM_THREAD);
    }
  }

  record Ratio(double medianOfRepetitionRatios, double[] repetitions) {}

  record LatencyRun(
      String variant,
      int batchSize,
      Map<String, String> encoderSettings,
      Map<String, String> decoderSettings,
      double ratePerSecond,
      int warmupSeconds,
      double measuredFromSeconds,
      int streamThreadChanges,
      int measuredSeconds,
      long sent,
      long received,
      long encoderOut,
      long decoderOut,
      double encoderMeanBatchSize,
      double decoderMeanBatchSize,
      Map<String, Double> meanMsInServices,
      Latencies latencyMs,
      Map<String, Double> cpuSecondsByThreadGroup) {}

  /** Percentiles of each stage against {@code capturedAt}; none without measured images. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Latencies(
      int measuredImages,
      @JsonProperty(ENCODED) Percentiles encoded,
      @JsonProperty(DECODED_AFTER_ENCODED) Percentiles decodedAfterEncoded,
      @JsonProperty(DECODED) Percentiles decoded,
      @JsonProperty(RECEIVED) Percentiles received) {

    static final String ENCODED = "encodedAt - capturedAt";
    static final String DECODED_AFTER_ENCODED = "decodedAt - encodedAt";
    static final String DECODED = "decodedAt - capturedAt";
    static final String RECEIVED = "received - capturedAt";

    Map<String, Percentiles> stages() {
      Map<String, Percentiles> stages = new LinkedHashMap<>();
      stages.put(ENCODED, encoded);
      stages.put(DECODED_AFTER_ENCODED, decodedAfterEncoded);
      stages.put(DECODED, decoded);
      stages.put(RECEIVED, received);
      stages.values().removeIf(p -> p == null);
      return stages;
    }
  }

  record Percentiles(long p50, long p90, long p99, long max) {}

  record TopicBytes(
      String key,
      String what,
      String topic,
      long records,
      long logBytes,
      double logBytesPerImage,
      double payloadBytesPerImage,
      double brokerOverheadPerImage) {}

  record Target(String what, String target, long measured, boolean met) {}
}
