package io.compressnet.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

  private final Path state = Path.of("/tmp/state-root");

  @Test
  void shouldGiveEachServiceTheAddressesItsOwnStateDirAndTheModelAsTheServicesExpect()
      throws Exception {
    // Given a caller whose shell sets a batch size, and a model directory
    ChildEnvironment env =
        new ChildEnvironment(
            Map.of("PATH", "/bin", "COMPRESSNET_BATCH_SIZE", "1"),
            Path.of("/models/default"),
            Map.of(),
            state);

    // When the encoder's and decoder's environments are built
    Map<String, String> encoder = env.encoder("127.0.0.1:1", "http://127.0.0.1:2/apis/ccompat/v7");
    Map<String, String> decoder = env.decoder("127.0.0.1:1", "http://127.0.0.1:2/apis/ccompat/v7");

    // Then they carry what a user sets, and not the caller's batch size
    assertThat(encoder)
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1")
        .containsEntry("SCHEMA_REGISTRY_URL", "http://127.0.0.1:2/apis/ccompat/v7")
        .containsEntry("COMPRESSNET_MODEL_DIR", "/models/default")
        .containsEntry("KAFKA_STATE_DIR", "/tmp/state-root/encoder")
        .containsKey("COMPRESSNET_METRICS_PORT")
        .doesNotContainKey("COMPRESSNET_BATCH_SIZE");
    assertThat(decoder)
        .containsEntry("COMPRESSNET_MODELS_DIR", "/models")
        .containsEntry("KAFKA_STATE_DIR", "/tmp/state-root/decoder")
        .doesNotContainKey("COMPRESSNET_MODEL_DIR");
  }

  @Test
  void shouldLetExtraEnvironmentWinOverWhatTheBenchmarkSets() throws Exception {
    ChildEnvironment env =
        new ChildEnvironment(
            Map.of(), null, Map.of("COMPRESSNET_BATCH_SIZE", "16", "KAFKA_STATE_DIR", "/s"), state);

    Map<String, String> monitor = env.monitor("b:1", "http://r");

    assertThat(monitor)
        .containsEntry("COMPRESSNET_BATCH_SIZE", "16")
        .containsEntry("KAFKA_STATE_DIR", "/s")
        .containsKey("COMPRESSNET_DASHBOARD_PORT")
        .doesNotContainKey("COMPRESSNET_MODEL_DIR");
  }

  @Test
  void shouldPassTheLaunchersJvmFlags() {
    assertThat(ChildEnvironment.launcherJvmArgs(" -Xmx1g  -Dx=y "))
        .containsSubsequence("-Xmx1g", "-Dx=y", "-Dai.djl.offline=true");
  }
}
