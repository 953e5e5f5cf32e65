package io.compressnet.streams;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

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
              "images per inference batch")
          .typed(ConfigDef.Type.INT, ConfigDef.Range.atLeast(1));
  public static final ConfigKey BATCH_MAX_WAIT_MS =
      new ConfigKey(
              "compressnet.batch.max.wait.ms",
              "COMPRESSNET_BATCH_MAX_WAIT_MS",
              Long.toString(BatchSettings.DEFAULT_MAX_WAIT.toMillis()),
              "the oldest record of a partial batch waits at most about this long (wall clock) for the"
                  + " batch to fill")
          .typed(ConfigDef.Type.LONG, ConfigDef.Range.atLeast(1));
  public static final ConfigKey BATCH_BACKLOG_MS =
      new ConfigKey(
              "compressnet.batch.backlog.ms",
              "COMPRESSNET_BATCH_BACKLOG_MS",
              Long.toString(BatchSettings.DEFAULT_BACKLOG.toMillis()),
              "records arriving this long after their timestamp mean the service is behind: batches"
                  + " then fill (or run when the input goes quiet) instead of waiting at most the max"
                  + " wait")
          .typed(ConfigDef.Type.LONG, ConfigDef.Range.atLeast(1));
  public static final ConfigKey MAX_RECORD_BYTES =
      new ConfigKey(
              "compressnet.max.record.bytes",
              "COMPRESSNET_MAX_RECORD_BYTES",
              Integer.toString(BatchSettings.DEFAULT_MAX_RECORD_BYTES),
              "larger input records go to the DLQ unread")
          .typed(ConfigDef.Type.INT, ConfigDef.Range.atLeast(1));
  public static final ConfigKey PASS_SIZE =
      new ConfigKey(
              "compressnet.inference.pass.size",
              "COMPRESSNET_INFERENCE_PASS_SIZE",
              "16",
              "rows of the largest forward pass; the passes used are the sizes up to it (halving down"
                  + " to 2) that a start-up check finds to give the same bits as a 4-row pass, so an"
                  + " image's result never depends on the batch it shared")
          .typed(ConfigDef.Type.INT, ConfigDef.Range.atLeast(1));
  public static final ConfigKey INFERENCE_THREADS =
      new ConfigKey(
              "compressnet.inference.threads",
              "COMPRESSNET_INFERENCE_THREADS",
              "1",
              "PyTorch intra-op threads per forward pass (raise it when cores outnumber stream threads)")
          .typed(ConfigDef.Type.INT, ConfigDef.Range.atLeast(1));

  private InferenceServiceKeys() {}

  /**
   * How often a stream thread commits. Under exactly-once a service's output becomes visible to
   * read_committed consumers (the next service) only when its transaction commits, so this is the
   * main part of each hop's latency; each commit also costs the broker a transaction. Kafka
   * Streams' default under exactly-once is 100 ms. Measured with {@code bench live} at 300 images/s
   * after the JIT warm-up (docs/bench/live): 50 ms took {@code decodedAt - capturedAt} from p50 162
   * / p99 290 ms to p50 100 / p99 216 ms for 0.3 ms more broker CPU per image.
   */
  public static final ConfigKey COMMIT_INTERVAL_MS =
      new ConfigKey(
              "commit.interval.ms",
              "KAFKA_COMMIT_INTERVAL_MS",
              "50",
              "how often a stream thread commits; under exactly-once, output is visible downstream only"
                  + " then")
          .typed(ConfigDef.Type.LONG, ConfigDef.Range.atLeast(0));

  /**
   * How long a stream thread's poll blocks for input. The batches' wall-clock ticks (every half
   * {@link #BATCH_MAX_WAIT_MS}) run only between polls, so with Kafka Streams' default of 100 ms a
   * downstream service, whose input arrives in bursts at each upstream commit, would run a partial
   * batch only when the next burst ends the poll. Measured with {@code bench live} at 300 images/s
   * (one thread, 50 ms commits, 90-120 s of warm-up): the decoder's stage {@code decodedAt -
   * encodedAt} went from p50 99 / p99 295 ms to p50 88 / p99 175 ms with 10 ms.
   */
  public static final ConfigKey POLL_MS =
      new ConfigKey(
              "poll.ms",
              "KAFKA_POLL_MS",
              "10",
              "how long a stream thread's poll blocks for input; batches are checked between polls")
          .typed(ConfigDef.Type.LONG, ConfigDef.Range.atLeast(0));

  /**
   * {@code loader} with the settings every inference service shares registered: the {@link
   * #COMMIT_INTERVAL_MS commit interval} and the {@link #POLL_MS poll time}. One stream thread
   * stays the default (the common one): measured with {@code bench live} at 300 images/s after the
   * JIT warm-up, two threads per service on 2 cores cost 4.2 ms of CPU per image over all processes
   * against 3.6 ms with one (half the batch per forward pass, twice the transactions), with no
   * better latency. Raise {@code num.stream.threads} (and partitions) when one thread's forward
   * passes cannot keep up.
   */
  public static ServiceConfig.Loader withInferenceDefaults(ServiceConfig.Loader loader) {
    return loader.keys(List.of(COMMIT_INTERVAL_MS, POLL_MS));
  }

  /** The input-topic key without a default, for reading a loaded config or naming the property. */
  public static final ConfigKey INPUT_TOPIC = inputTopic(null);

  /** The output-topic key without a default, for reading a loaded config or naming the property. */
  public static final ConfigKey OUTPUT_TOPIC = outputTopic(null);

  public static ConfigKey inputTopic(String defaultTopic) {
    return new ConfigKey(
        "compressnet.topic.input", "COMPRESSNET_TOPIC_INPUT", defaultTopic, "input topic");
  }

  public static ConfigKey outputTopic(String defaultTopic) {
    return new ConfigKey(
        "compressnet.topic.output", "COMPRESSNET_TOPIC_OUTPUT", defaultTopic, "output topic");
  }

  /**
   * The keys every inference service registers, with its default topics: batching, record size,
   * pass size, inference threads, input and output topic.
   */
  public static List<ConfigKey> sharedKeys(String defaultInput, String defaultOutput) {
    return List.of(
        BATCH_SIZE,
        BATCH_MAX_WAIT_MS,
        BATCH_BACKLOG_MS,
        MAX_RECORD_BYTES,
        PASS_SIZE,
        INFERENCE_THREADS,
        inputTopic(defaultInput),
        outputTopic(defaultOutput));
  }

  /** The batching settings of a loaded config, for the buffer store {@code storeName}. */
  public static BatchSettings batchSettings(ServiceConfig config, String storeName) {
    return new BatchSettings(
        storeName,
        config.getInt(BATCH_SIZE),
        Duration.ofMillis(config.getLong(BATCH_MAX_WAIT_MS)),
        config.getInt(MAX_RECORD_BYTES),
        Duration.ofMillis(config.getLong(BATCH_BACKLOG_MS)));
  }
}
