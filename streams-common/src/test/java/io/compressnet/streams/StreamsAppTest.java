package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.schemas.registry.RegistryUnavailableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class StreamsAppTest {

  @Test
  void shouldReplaceThreadsOnlyForTransientFailures() {
    assertThat(StreamsApp.isTransient(new RegistryUnavailableException("down", null))).isTrue();
    assertThat(StreamsApp.isTransient(new RuntimeException(new TimeoutException("slow")))).isTrue();
    assertThat(StreamsApp.isTransient(new IllegalStateException("bug"))).isFalse();
  }
}
