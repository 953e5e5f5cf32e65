package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InferenceServiceKeysTest {

  @Test
  void shouldDefaultToOneStreamThreadFiftyMillisecondCommitsAndTenMillisecondPolls() {
    // When
    ServiceConfig config =
        InferenceServiceKeys.withInferenceDefaults(ServiceConfig.loader())
            .environment(Map.of())
            .load();

    // Then
    assertThat(config.streamsProperties().getProperty("num.stream.threads")).isEqualTo("1");
    assertThat(config.streamsProperties().getProperty("commit.interval.ms")).isEqualTo("50");
    assertThat(config.streamsProperties().getProperty("poll.ms")).isEqualTo("10");
  }

  @Test
  void shouldLetTheEnvironmentOverrideTheCommitInterval() {
    // When
    ServiceConfig config =
        InferenceServiceKeys.withInferenceDefaults(ServiceConfig.loader())
            .environment(Map.of("KAFKA_COMMIT_INTERVAL_MS", "200"))
            .load();

    // Then
    assertThat(config.streamsProperties().getProperty("commit.interval.ms")).isEqualTo("200");
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
  void shouldLeaveKafkaStreamsCommitDefaultToServicesWithoutInference() {
    // When
    ServiceConfig config = ServiceConfig.loader().environment(Map.of()).load();

    // Then
    assertThat(config.get(ServiceConfig.NUM_STREAM_THREADS)).isEqualTo("1");
    assertThat(config.streamsProperties().getProperty("commit.interval.ms")).isNull();
  }
}
