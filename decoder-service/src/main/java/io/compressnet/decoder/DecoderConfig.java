package io.compressnet.decoder;

import io.compressnet.schemas.Topics;
import io.compressnet.streams.BatchSettings;
import io.compressnet.streams.ConfigKey;
import io.compressnet.streams.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of the decoder-service. Batch keys are {@code compressnet.batch.*} rather than {@code
 * batch.size}, which is a Kafka producer setting that passes through to the clients.
 *
 * @param service all settings, including the Kafka and Schema Registry ones
 * @param modelsDir directory whose subdirectories are model bundles
 * @param rescanInterval an unknown model id rescans the models directory at most this often
 * @param batch batching settings (store {@value #STORE_NAME})
 * @param passSize rows per forward pass of the network
 * @param inputTopic topic of {@code LatentVector}s
 * @param outputTopic topic of {@code ReconstructedImage}s
 * @param dlqTopic dead-letter topic
 */
public record DecoderConfig(
    ServiceConfig service,
    Path modelsDir,
    Duration rescanInterval,
    BatchSettings batch,
    int passSize,
    String inputTopic,
    String outputTopic,
    String dlqTopic) {

  public static final String STORE_NAME = "decoder-batch-buffer";
  public static final String DEFAULT_APPLICATION_ID = "compressnet-decoder";
  public static final String DEFAULT_METRICS_PORT = "9402";

  public static final ConfigKey MODELS_DIR =
      new ConfigKey(
          "compressnet.models.dir",
          "COMPRESSNET_MODELS_DIR",
          "models",
          "directory of model bundles (one per subdirectory)");
  public static final ConfigKey MODELS_RESCAN_INTERVAL_MS =
      new ConfigKey(
          "compressnet.models.rescan.interval.ms",
          "COMPRESSNET_MODELS_RESCAN_INTERVAL_MS",
          "10000",
          "an unknown model id rescans the models directory at most this often");
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
          "a partial batch is run after at most about this long (wall clock)");
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
          "rows per forward pass (results do not depend on it)");
  public static final ConfigKey INPUT_TOPIC =
      new ConfigKey(
          "compressnet.topic.input",
          "COMPRESSNET_TOPIC_INPUT",
          Topics.IMAGES_LATENT,
          "input topic");
  public static final ConfigKey OUTPUT_TOPIC =
      new ConfigKey(
          "compressnet.topic.output",
          "COMPRESSNET_TOPIC_OUTPUT",
          Topics.IMAGES_RECONSTRUCTED,
          "output topic");

  public static final List<ConfigKey> KEYS =
      List.of(
          MODELS_DIR,
          MODELS_RESCAN_INTERVAL_MS,
          BATCH_SIZE,
          BATCH_MAX_WAIT_MS,
          MAX_RECORD_BYTES,
          PASS_SIZE,
          INPUT_TOPIC,
          OUTPUT_TOPIC);

  /**
   * Loads the settings: {@code overrides} (command-line flags) win, then {@code configFile} (or
   * {@code COMPRESSNET_CONFIG_FILE}), then {@code env}, then the defaults.
   */
  public static DecoderConfig load(
      Map<String, String> env, Path configFile, Map<String, String> overrides) {
    return from(loader().environment(env).configFile(configFile).overrides(overrides).load());
  }

  /** A loader with the decoder's keys and defaults registered. */
  public static ServiceConfig.Loader loader() {
    return ServiceConfig.loader()
        .keys(KEYS)
        .defaultValue(ServiceConfig.APPLICATION_ID, DEFAULT_APPLICATION_ID)
        .defaultValue(ServiceConfig.METRICS_PORT, DEFAULT_METRICS_PORT);
  }

  /** Reads the typed settings out of a loaded config. */
  public static DecoderConfig from(ServiceConfig config) {
    return new DecoderConfig(
        config,
        Path.of(config.require(MODELS_DIR)),
        Duration.ofMillis(config.getLong(MODELS_RESCAN_INTERVAL_MS)),
        new BatchSettings(
            STORE_NAME,
            config.getInt(BATCH_SIZE),
            Duration.ofMillis(config.getLong(BATCH_MAX_WAIT_MS)),
            config.getInt(MAX_RECORD_BYTES)),
        config.getInt(PASS_SIZE),
        config.require(INPUT_TOPIC),
        config.require(OUTPUT_TOPIC),
        config.require(ServiceConfig.DLQ_TOPIC));
  }
}
