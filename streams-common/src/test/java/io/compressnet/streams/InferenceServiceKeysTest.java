package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InferenceServiceKeysTest {

  private static final String CORES = Integer.toString(Runtime.getRuntime().availableProcessors());

  @Test
  void shouldDefaultStreamThreadsToOnePerCore() {
    // When
    ServiceConfig config =
        InferenceServiceKeys.withInferenceDefaults(ServiceConfig.loader())
            .environment(Map.of())
            .load();

    // Then
    assertThat(config.getInt(ServiceConfig.NUM_STREAM_THREADS))
        .isEqualTo(Integer.parseInt(CORES))
        .isPositive();
    assertThat(config.streamsProperties().getProperty("num.stream.threads")).isEqualTo(CORES);
  }

  @Test
  void shouldLetTheEnvironmentOverrideTheStreamThreadsDefault() {
    // When
    ServiceConfig config =
        InferenceServiceKeys.withInferenceDefaults(ServiceConfig.loader())
            .environment(Map.of("COMPRESSNET_NUM_STREAM_THREADS", "3"))
            .load();

    // Then
    assertThat(config.streamsProperties().getProperty("num.stream.threads")).isEqualTo("3");
  }

  @Test
  void shouldKeepOneStreamThreadForServicesWithoutInference() {
    // When
    ServiceConfig config = ServiceConfig.loader().environment(Map.of()).load();

    // Then
    assertThat(config.get(ServiceConfig.NUM_STREAM_THREADS)).isEqualTo("1");
  }
}
