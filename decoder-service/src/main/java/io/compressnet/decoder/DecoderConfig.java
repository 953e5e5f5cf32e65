package io.compressnet.decoder;

import io.compressnet.schemas.Topics;
import io.compressnet.streams.ConfigKey;
import io.compressnet.streams.InferenceConfigSpec;
import io.compressnet.streams.InferenceServiceConfig;
import io.compressnet.streams.InferenceSettings;
import io.compressnet.streams.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Settings of the decoder-service. Batch keys are {@code compressnet.batch.*} rather than {@code
 * batch.size}, which is a Kafka producer setting that passes through to the clients.
 *
 * @param inference the settings every inference service shares (batching, pass size, topics)
 * @param modelsDir directory whose subdirectories are model bundles
 * @param rescanInterval an unknown model id rescans the models directory at most this often
 */
public record DecoderConfig(InferenceSettings inference, Path modelsDir, Duration rescanInterval)
    implements InferenceServiceConfig {

  /**
   * Application id, Prometheus port, input and output topic, batch-buffer store, largest pass: 64
   * rows, since the decoder network alone decodes 10–15 % more images/s in 64-row passes than in
   * 16-row ones (bench pipeline, 2026-12-04, AMD Zen 4: 3,994 against 3,611 and 4,442 against
   * 3,871); where 64 rows do not give the same bits as 4 the pass plan falls back to a size that
   * does.
   */
  public static final InferenceSettings.Defaults DEFAULTS =
      new InferenceSettings.Defaults(
          "compressnet-decoder",
          "9402",
          Topics.IMAGES_LATENT,
          Topics.IMAGES_RECONSTRUCTED,
          "decoder-batch-buffer",
          "64");

  public static final String DEFAULT_APPLICATION_ID = DEFAULTS.applicationId();

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
              "an unknown model id rescans the models directory at most this often")
          .typed(ConfigDef.Type.LONG, ConfigDef.Range.atLeast(0));

  /** The decoder's own keys; {@link InferenceSettings#loader} adds the shared ones. */
  public static final List<ConfigKey> KEYS = List.of(MODELS_DIR, MODELS_RESCAN_INTERVAL_MS);

  /**
   * How this service's config loads: {@code SPEC.load(env, file, flags)}, {@code SPEC.loader()}.
   */
  public static final InferenceConfigSpec<DecoderConfig> SPEC =
      new InferenceConfigSpec<>(DEFAULTS, KEYS, DecoderConfig::from);

  /** Reads the typed settings out of a loaded config. */
  public static DecoderConfig from(ServiceConfig config) {
    return new DecoderConfig(
        InferenceSettings.from(config, DEFAULTS),
        Path.of(config.require(MODELS_DIR)),
        Duration.ofMillis(config.getLong(MODELS_RESCAN_INTERVAL_MS)));
  }
}
