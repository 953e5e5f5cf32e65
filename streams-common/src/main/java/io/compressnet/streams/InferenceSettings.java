package io.compressnet.streams;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The settings an inference service (encoder, decoder) reads the same way: everything but what it
 * computes with. Each service's config holds one, next to its own keys (the model, the encoding).
 *
 * @param service all settings, including the Kafka and Schema Registry ones
 * @param batch batching settings, with the service's buffer store name
 * @param passSize rows per forward pass of the network
 * @param inputTopic topic the service reads
 * @param outputTopic topic the service writes
 * @param dlqTopic dead-letter topic
 */
public record InferenceSettings(
    ServiceConfig service,
    BatchSettings batch,
    int passSize,
    String inputTopic,
    String outputTopic,
    String dlqTopic) {

  /**
   * What one inference service's settings default to that another's do not.
   *
   * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
   * @param metricsPort default Prometheus port, so services on one host do not collide
   * @param inputTopic default input topic
   * @param outputTopic default output topic
   * @param storeName the batch buffer store (its changelog is named after it: do not change it on a
   *     running deployment)
   * @param passSize the largest forward pass, measured per network (docs/bench)
   */
  public record Defaults(
      String applicationId,
      String metricsPort,
      String inputTopic,
      String outputTopic,
      String storeName,
      String passSize) {}

  /**
   * A loader with the shared inference keys (batching, pass size, threads, topics, commit and poll
   * times) and then {@code ownKeys} registered, defaulted as {@code defaults} says.
   */
  public static ServiceConfig.Loader loader(Defaults defaults, List<ConfigKey> ownKeys) {
    return InferenceServiceKeys.withInferenceDefaults(ServiceConfig.loader())
        .keys(ownKeys)
        .keys(InferenceServiceKeys.sharedKeys(defaults.inputTopic(), defaults.outputTopic()))
        .defaultValue(ServiceConfig.APPLICATION_ID, defaults.applicationId())
        .defaultValue(ServiceConfig.METRICS_PORT, defaults.metricsPort())
        .defaultValue(InferenceServiceKeys.PASS_SIZE, defaults.passSize());
  }

  /**
   * Loads a service's settings: {@code overrides} (command-line flags) win, then {@code configFile}
   * (or {@code COMPRESSNET_CONFIG_FILE}), then {@code env}, then the defaults.
   */
  public static ServiceConfig load(
      Defaults defaults,
      List<ConfigKey> ownKeys,
      Map<String, String> env,
      Path configFile,
      Map<String, String> overrides) {
    return loader(defaults, ownKeys)
        .environment(env)
        .configFile(configFile)
        .overrides(overrides)
        .load();
  }

  /** Reads the shared settings out of a config loaded by {@link #loader}. */
  public static InferenceSettings from(ServiceConfig config, Defaults defaults) {
    return new InferenceSettings(
        config,
        InferenceServiceKeys.batchSettings(config, defaults.storeName()),
        config.getInt(InferenceServiceKeys.PASS_SIZE),
        config.require(InferenceServiceKeys.INPUT_TOPIC),
        config.require(InferenceServiceKeys.OUTPUT_TOPIC),
        config.require(ServiceConfig.DLQ_TOPIC));
  }
}
