package io.compressnet.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevStackTest {

  @Test
  void shouldDefaultToEveryTopicWithSixPartitionsOnFreePorts() {
    DevStack.Options options = DevStack.Options.defaults();

    assertThat(options.topics()).isEqualTo(Topics.all());
    assertThat(options.partitions()).isEqualTo(6);
    assertThat(options.kafkaPort()).isZero();
    assertThat(options.registryPort()).isZero();
    assertThat(options.kafkaLogDir()).isNull();
    assertThat(options.registryStartupTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void shouldRefuseZeroPartitions() {
    assertThatThrownBy(() -> DevStack.Options.defaults().withTopics(List.of("t"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitions");
  }

  @Test
  void shouldFailWithInstructionsBeforeStartingAnythingWhenTheRegistryIsMissing(
      @TempDir Path emptyHome, @TempDir Path kafkaLogDir) throws Exception {
    String previous = System.getProperty(LocalRegistry.HOME_PROPERTY);
    System.setProperty(LocalRegistry.HOME_PROPERTY, emptyHome.toString());
    try {
      assertThatThrownBy(
              () -> DevStack.start(DevStack.Options.defaults().withKafkaLogDir(kafkaLogDir)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(emptyHome.toString())
          .hasMessageContaining("mvn -pl devstack package");
      // The broker was never started: its log dir was not even formatted.
      try (Stream<Path> files = Files.list(kafkaLogDir)) {
        assertThat(files).isEmpty();
      }
    } finally {
      if (previous == null) {
        System.clearProperty(LocalRegistry.HOME_PROPERTY);
      } else {
        System.setProperty(LocalRegistry.HOME_PROPERTY, previous);
      }
    }
  }
}
