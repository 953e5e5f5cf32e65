package io.compressnet.encoder;

import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.schemas.Topics;
import io.compressnet.streams.ConfigKey;
import io.compressnet.streams.InferenceConfigSpec;
import io.compressnet.streams.InferenceServiceConfig;
import io.compressnet.streams.InferenceSettings;
import io.compressnet.streams.ServiceConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the encoder-service. Batch keys are {@code compressnet.batch.*} rather than {@code
 * batch.size}, which is a Kafka producer setting that passes through to the clients.
 *
 * @param inference the settings every inference service shares (batching, pass size, topics)
 * @param modelDir the model bundle directory
 * @param encoding latent encoding on the wire, or {@code null} for the bundle's default
 * @param refinement gradient steps per latent after the encoder network (off by default: each step
 *     costs a decoder forward and backward pass)
 */
public record EncoderConfig(
    InferenceSettings inference, Path modelDir, Encoding encoding, Refinement refinement)
    implements InferenceServiceConfig {

  /**
   * Application id, Prometheus port, input and output topic, batch-buffer store, largest pass: 16
   * rows (the {@code lite10} encoder network alone ran 12 % slower in 64-row passes, bench pipeline
   * 2026-12-04).
   */
  public static final InferenceSettings.Defaults DEFAULTS =
      new InferenceSettings.Defaults(
          "compressnet-encoder",
          "9401",
          Topics.IMAGES_RAW,
          Topics.IMAGES_LATENT,
          "encoder-batch-buffer",
          "16");

  public static final String DEFAULT_APPLICATION_ID = DEFAULTS.applicationId();

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
                  + " throughput (0 = off)")
          .typed(ConfigDef.Type.INT, ConfigDef.Range.atLeast(0));
  public static final ConfigKey REFINE_RATE =
      new ConfigKey(
              "compressnet.encoder.refine.rate",
              "COMPRESSNET_ENCODER_REFINE_RATE",
              Float.toString(Refinement.DEFAULT_STEP_SIZE),
              "step size of the refinement, in latent units")
          .typed(ConfigDef.Type.DOUBLE, null);

  /** The encoder's own keys; {@link InferenceSettings#loader} adds the shared ones. */
  public static final List<ConfigKey> KEYS =
      List.of(MODEL_DIR, LATENT_ENCODING, REFINE_STEPS, REFINE_RATE);

  /**
   * How this service's config loads: {@code SPEC.load(env, file, flags)}, {@code SPEC.loader()}.
   */
  public static final InferenceConfigSpec<EncoderConfig> SPEC =
      new InferenceConfigSpec<>(DEFAULTS, KEYS, EncoderConfig::from);

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
        InferenceSettings.from(config, DEFAULTS),
        Path.of(config.require(MODEL_DIR)),
        encoding,
        refinement(config));
  }

  private static Refinement refinement(ServiceConfig config) {
    int steps = config.getInt(REFINE_STEPS); // >= 0: checked by the key when loaded
    float rate = config.getFloat(REFINE_RATE);
    if (!(rate > 0)) {
      throw new ConfigException(REFINE_RATE.property(), rate, "must be > 0");
    }
    return new Refinement(steps, rate);
  }
}
