package io.compressnet.devstack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Starts a real registry process that cannot come up. */
class LocalRegistryFailureTest {

  @Test
  void shouldFailWithTheRegistryLogWhenItsPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> LocalRegistry.builder().port(port).start())
          .isInstanceOf(LocalRegistry.PortInUseException.class)
          .hasMessageContaining("exited with code")
          .hasMessageContaining("Port " + port + " seems to be in use by another process");
    }
  }
}
