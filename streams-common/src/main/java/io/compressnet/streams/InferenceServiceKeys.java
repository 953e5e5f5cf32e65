package io.compressnet.streams;

import java.time.Duration;

/**
 * The settings every batched-inference service (encoder, decoder) shares: batching, record size
 * limit, forward-pass size and its input/output topics. One definition, so both services read the
 * same names and defaults.
 */
public final class InferenceServiceKeys {

  public static final ConfigKey BATCH_SIZE =
      new ConfigKey(
          "compressnet.batch.size",
          "COMPRESSNET_BATCH_SIZE",
          Integer.toString(BatchSettings.DEFAULT_BATCH_SIZE),
          "images per inference batch");
  public static final ConfigKey BATCH_MAX_WAIT_MS =
      new ConfigKey(
          "compressnet.batch.max.wait.ms",
          "COMPRESSNET_BATCH_MAX_WAIT_MS",
          Long.toString(BatchSettings.DEFAULT_MAX_WAIT.toMillis()),
          "the oldest record of a partial batch waits at most about this long (wall clock) for the"
              + " batch to fill");
  public static final ConfigKey MAX_RECORD_BYTES =
      new ConfigKey(
          "compressnet.max.record.bytes",
          "COMPRESSNET_MAX_RECORD_BYTES",
          Integer.toString(BatchSettings.DEFAULT_MAX_RECORD_BYTES),
          "larger input records go to the DLQ unread");
  public static final ConfigKey PASS_SIZE =
      new ConfigKey(
          "compressnet.inference.pass.size",
          "COMPRESSNET_INFERENCE_PASS_SIZE",
          "16",
          "rows of a full forward pass; remainders use checked quarter-size passes (results do not"
              + " depend on it)");
  public static final ConfigKey INFERENCE_THREADS =
      new ConfigKey(
          "compressnet.inference.threads",
          "COMPRESSNET_INFERENCE_THREADS",
          "1",
          "PyTorch intra-op threads per forward pass (raise it when cores outnumber stream threads)");

  private InferenceServiceKeys() {}

  /**
   * The inference services' default {@code num.stream.threads}: one per core the JVM sees. Each
   * stream thread runs its own forward passes (with {@link #INFERENCE_THREADS} PyTorch threads,
   * default 1), and a service is bound by its network, so one thread leaves the other cores idle:
   * on the 2-core development machine a second thread took the decoder from 478 to 909 images/s in
   * one benchmark run (the encoder's gain was not settled; docs/bench). A thread only gets work
   * while the input has at least as many partitions as there are threads in the group.
   */
  public static String defaultStreamThreads() {
    return Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * {@code loader} with the settings every inference service shares registered: the {@link
   * #defaultStreamThreads() stream threads} default.
   */
  public static ServiceConfig.Loader withInferenceDefaults(ServiceConfig.Loader loader) {
    return loader.defaultValue(ServiceConfig.NUM_STREAM_THREADS, defaultStreamThreads());
  }

  public static ConfigKey inputTopic(String defaultTopic) {
    return new ConfigKey(
        "compressnet.topic.input", "COMPRESSNET_TOPIC_INPUT", defaultTopic, "input topic");
  }

  public static ConfigKey outputTopic(String defaultTopic) {
    return new ConfigKey(
        "compressnet.topic.output", "COMPRESSNET_TOPIC_OUTPUT", defaultTopic, "output topic");
  }

  /** The batching settings of a loaded config, for the buffer store {@code storeName}. */
  public static BatchSettings batchSettings(ServiceConfig config, String storeName) {
    return new BatchSettings(
        storeName,
        config.getInt(BATCH_SIZE),
        Duration.ofMillis(config.getLong(BATCH_MAX_WAIT_MS)),
        config.getInt(MAX_RECORD_BYTES));
  }
}
