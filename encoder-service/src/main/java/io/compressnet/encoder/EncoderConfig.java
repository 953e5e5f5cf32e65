package io.compressnet.encoder;

import io.compressnet.codec.inference.Refinement;
import io.compressnet.codec.quant.Encoding;
import io.compressnet.schemas.Topics;
import io.compressnet.streams.BatchSettings;
import io.compressnet.streams.ConfigKey;
import io.compressnet.streams.InferenceServiceKeys;
import io.compressnet.streams.ServiceConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the encoder-service. Batch keys are {@code compressnet.batch.*} rather than {@code
 * batch.size}, which is a Kafka producer setting that passes through to the clients.
 *
 * @param service all settings, including the Kafka and Schema Registry ones
 * @param modelDir the model bundle directory
 * @param encoding latent encoding on the wire, or {@code null} for the bundle's default
 * @param batch batching settings (store {@value #STORE_NAME})
 * @param passSize rows per forward pass of the network
 * @param refinement gradient steps per latent after the encoder network (off by default: each step
 *     costs a decoder forward and backward pass)
 * @param inputTopic topic of {@code ImageEvent}s
 * @param outputTopic topic of {@code LatentVector}s
 * @param dlqTopic dead-letter topic
 */
public record EncoderConfig(
    ServiceConfig service,
    Path modelDir,
    Encoding encoding,
    BatchSettings batch,
    int passSize,
    Refinement refinement,
    String inputTopic,
    String outputTopic,
    String dlqTopic) {

  public static final String STORE_NAME = "encoder-batch-buffer";
  public static final String DEFAULT_APPLICATION_ID = "compressnet-encoder";
  public static final String DEFAULT_METRICS_PORT = "9401";

  public static final ConfigKey MODEL_DIR =
      new ConfigKey(
          "compressnet.model.dir", "COMPRESSNET_MODEL_DIR", "models/default", "model bundle");
  public static final ConfigKey LATENT_ENCODING =
      new ConfigKey(
          "compressnet.latent.encoding",
          "COMPRESSNET_LATENT_ENCODING",
          null,
          "INT8, INT8_RANGE (range-coded INT8; needs the bundle's entropy tables), FLOAT16 or"
              + " FLOAT32 (default: the bundle's)");
  public static final ConfigKey REFINE_STEPS =
      new ConfigKey(
          "compressnet.encoder.refine.steps",
          "COMPRESSNET_ENCODER_REFINE_STEPS",
          "0",
          "refinement steps per latent through the decoder: more quality, less encoder"
              + " throughput (0 = off)");
  public static final ConfigKey REFINE_RATE =
      new ConfigKey(
          "compressnet.encoder.refine.rate",
          "COMPRESSNET_ENCODER_REFINE_RATE",
          Float.toString(Refinement.DEFAULT_STEP_SIZE),
          "step size of the refinement, in latent units");
  public static final ConfigKey BATCH_SIZE = InferenceServiceKeys.BATCH_SIZE;
  public static final ConfigKey BATCH_MAX_WAIT_MS = InferenceServiceKeys.BATCH_MAX_WAIT_MS;
  public static final ConfigKey MAX_RECORD_BYTES = InferenceServiceKeys.MAX_RECORD_BYTES;
  public static final ConfigKey PASS_SIZE = InferenceServiceKeys.PASS_SIZE;
  public static final ConfigKey INFERENCE_THREADS = InferenceServiceKeys.INFERENCE_THREADS;
  public static final ConfigKey INPUT_TOPIC = InferenceServiceKeys.inputTopic(Topics.IMAGES_RAW);
  public static final ConfigKey OUTPUT_TOPIC =
      InferenceServiceKeys.outputTopic(Topics.IMAGES_LATENT);

  public static final List<ConfigKey> KEYS =
      List.of(
          MODEL_DIR,
          LATENT_ENCODING,
          REFINE_STEPS,
          REFINE_RATE,
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
  public static EncoderConfig load(
      Map<String, String> env, Path configFile, Map<String, String> overrides) {
    return from(loader().environment(env).configFile(configFile).overrides(overrides).load());
  }

  /** A loader with the encoder's keys and defaults registered. */
  public static ServiceConfig.Loader loader() {
    return InferenceServiceKeys.withInferenceDefaults(ServiceConfig.loader())
        .keys(KEYS)
        .defaultValue(ServiceConfig.APPLICATION_ID, DEFAULT_APPLICATION_ID)
        .defaultValue(ServiceConfig.METRICS_PORT, DEFAULT_METRICS_PORT);
  }

  /** Reads the typed settings out of a loaded config. */
  public static EncoderConfig from(ServiceConfig config) {
    String encodingName = config.get(LATENT_ENCODING);
    Encoding encoding = null;
    if (encodingName != null && !encodingName.isBlank()) {
      try {
        encoding = Encoding.valueOf(encodingName.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            LATENT_ENCODING.property(),
            encodingName,
            "must be INT8, INT8_RANGE, FLOAT16 or FLOAT32");
      }
    }
    return new EncoderConfig(
        config,
        Path.of(config.require(MODEL_DIR)),
        encoding,
        InferenceServiceKeys.batchSettings(config, STORE_NAME),
        config.getInt(PASS_SIZE),
        refinement(config),
        config.require(INPUT_TOPIC),
        config.require(OUTPUT_TOPIC),
        config.require(ServiceConfig.DLQ_TOPIC));
  }

  private static Refinement refinement(ServiceConfig config) {
    int steps = config.getInt(REFINE_STEPS);
    if (steps < 0) {
      throw new ConfigException(REFINE_STEPS.property(), steps, "must be >= 0");
    }
    float rate = config.getFloat(REFINE_RATE);
    if (!(rate > 0)) {
      throw new ConfigException(REFINE_RATE.property(), rate, "must be > 0");
    }
    return new Refinement(steps, rate);
  }
}
