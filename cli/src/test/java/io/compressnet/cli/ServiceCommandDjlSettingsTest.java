package io.compressnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The services' {@code compressnet.inference.threads} must reach DJL when a service starts through
 * the CLI: the engine reads the thread count once, so nothing may set it before the service does.
 */
class ServiceCommandDjlSettingsTest {

  private static final String THREADS = "ai.djl.pytorch.num_threads";

  @TempDir Path dir;
  private String before;

  @BeforeEach
  void clearThreads() {
    before = System.clearProperty(THREADS);
  }

  @AfterEach
  void restoreThreads() {
    if (before == null) {
      System.clearProperty(THREADS);
    } else {
      System.setProperty(THREADS, before);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"encoder", "decoder"})
  void shouldApplyTheConfiguredInferenceThreadsWhenAServiceStartsFromTheCli(String service)
      throws IOException {
    // Given a configuration with 3 inference threads that cannot start: the encoder's model does
    // not
    // exist, and a Kafka setting the Streams client refuses stops the decoder once its topology is
    // built, both after the service applied its DJL settings
    Path config = dir.resolve("service.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "compressnet.inference.threads=3",
            "compressnet.model.dir=" + dir.resolve("no-such-model"),
            "compressnet.models.dir=" + dir.resolve("no-such-models"),
            "compressnet.metrics.port=0",
            "max.poll.records=not-a-number",
            "bootstrap.servers=127.0.0.1:1",
            "schema.registry.url=http://127.0.0.1:1"));

    // When
    new InProcessCli().run(service, "--config", config.toString());

    // Then
    assertThat(System.getProperty(THREADS)).isEqualTo("3");
  }
}
