package io.compressnet.bench.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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

  /** The bundle the services ran. */
  record Model(
      String modelId,
      String directory,
      String architecture,
      int latentDims,
      String encoding,
      int latentBytes,
      int pixels) {}

  /** What the run was asked to do, and the service settings it ran with. */
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

  /** One throughput phase over its repetitions. */
  record Phase(long medianImagesPerSecond, long[] repetitions, List<Run> runs) {}

  /**
   * One app timed on pre-loaded input, from the first record it read to the target-th output
   * committed.
   *
   * @param meanBatchSize absent for apps that do not batch, as is {@code batchStepSeconds}
   */
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

  /** A ratio of two phases' rates: per repetition, and their median. */
  record Ratio(double medianOfRepetitionRatios, double[] repetitions) {}

  /** Encoder and decoder side by side at a fixed input rate. */
  record LatencyRun(
      String variant,
      int batchSize,
      Map<String, String> encoderSettings,
      Map<String, String> decoderSettings,
      double ratePerSecond,
      int warmupSeconds,
      int measuredSeconds,
      long sent,
      long received,
      long encoderOut,
      long decoderOut,
      double encoderMeanBatchSize,
      double decoderMeanBatchSize,
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

    /** The stages measured, by name, in report order. */
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

  /** Nearest-rank percentiles and the maximum, milliseconds. */
  record Percentiles(long p50, long p90, long p99, long max) {}

  /** A topic's bytes on the broker per image (see {@link LogBytes}). */
  record TopicBytes(
      String key,
      String what,
      String topic,
      long records,
      long logBytes,
      double logBytesPerImage,
      double payloadBytesPerImage,
      double brokerOverheadPerImage) {}

  /** A target, the figure measured against it, and whether it was met. */
  record Target(String what, String target, long measured, boolean met) {}
}
