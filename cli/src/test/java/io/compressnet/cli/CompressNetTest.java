package io.compressnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class CompressNetTest {

  private final InProcessCli cli = new InProcessCli();

  @Test
  void shouldListTheDevstackCommandInHelp() {
    int exit = cli.run("--help");

    assertThat(exit).isZero();
    assertThat(cli.out()).contains("Usage: compressnet").contains("devstack").contains("help");
  }

  @Test
  void shouldShowUsageAndFailWithoutACommand() {
    int exit = cli.run();

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err()).contains("Missing command").contains("Usage: compressnet");
  }

  @Test
  void shouldDescribeDevstackOptions() {
    int exit = cli.run("devstack", "--help");

    assertThat(exit).isZero();
    assertThat(cli.out())
        .contains("--kafka-port=N")
        .contains("--registry-port=N")
        .contains("Default: 9092")
        .contains("Default: 8081");
  }

  @Test
  void shouldRefuseABusyPortBeforeStartingAnything() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int exit = cli.run("devstack", "--kafka-port", String.valueOf(busy.getLocalPort()));

      assertThat(exit).isEqualTo(2);
      assertThat(cli.err())
          .contains("Port " + busy.getLocalPort() + " on 127.0.0.1 is in use")
          .contains("--kafka-port");
    }
  }
}
