package io.compressnet.streams;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How one inference service's config is loaded: its defaults, its own keys and how it reads its
 * typed config out of the loaded values. The encoder and decoder each declare one ({@code SPEC}),
 * so loading is written once.
 *
 * @param defaults what this service's shared settings default to
 * @param keys the service's own keys (the shared ones are added by {@link InferenceSettings})
 * @param reader reads the service's config record out of loaded values
 */
public record InferenceConfigSpec<C>(
    InferenceSettings.Defaults defaults, List<ConfigKey> keys, Function<ServiceConfig, C> reader) {

  /** A loader with the shared and the service's keys and defaults registered. */
  public ServiceConfig.Loader loader() {
    return InferenceSettings.loader(defaults, keys);
  }

  /**
   * Loads the settings: {@code overrides} (command-line flags) win, then {@code configFile} (or
   * {@code COMPRESSNET_CONFIG_FILE}), then {@code env}, then the defaults.
   */
  public C load(Map<String, String> env, Path configFile, Map<String, String> overrides) {
    return reader.apply(InferenceSettings.load(defaults, keys, env, configFile, overrides));
  }
}
