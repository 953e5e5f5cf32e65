package io.compressnet.decoder;

import io.compressnet.schemas.Topics;
import io.compressnet.streams.BatchSettings;
import io.compressnet.streams.ConfigKey;
import io.compressnet.streams.InferenceServiceKeys;
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
  public static final ConfigKey BATCH_SIZE = InferenceServiceKeys.BATCH_SIZE;
  public static final ConfigKey BATCH_MAX_WAIT_MS = InferenceServiceKeys.BATCH_MAX_WAIT_MS;
  public static final ConfigKey MAX_RECORD_BYTES = InferenceServiceKeys.MAX_RECORD_BYTES;
  public static final ConfigKey PASS_SIZE = InferenceServiceKeys.PASS_SIZE;
  public static final ConfigKey INFERENCE_THREADS = InferenceServiceKeys.INFERENCE_THREADS;
  public static final ConfigKey INPUT_TOPIC = InferenceServiceKeys.inputTopic(Topics.IMAGES_LATENT);
  public static final ConfigKey OUTPUT_TOPIC =
      InferenceServiceKeys.outputTopic(Topics.IMAGES_RECONSTRUCTED);

  public static final List<ConfigKey> KEYS =
      List.of(
          MODELS_DIR,
          MODELS_RESCAN_INTERVAL_MS,
          BATCH_SIZE,
          BATCH_MAX_WAIT_MS,
          MAX_RECORD_BYTES,
          PASS_SIZE,
          INFERENCE_THREADS,
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
    return InferenceServiceKeys.withInferenceDefaults(ServiceConfig.loader())
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
        InferenceServiceKeys.batchSettings(config, STORE_NAME),
        config.getInt(PASS_SIZE),
        config.require(INPUT_TOPIC),
        config.require(OUTPUT_TOPIC),
        config.require(ServiceConfig.DLQ_TOPIC));
  }
}
