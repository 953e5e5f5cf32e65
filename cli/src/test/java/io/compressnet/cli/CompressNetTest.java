package io.compressnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CompressNetTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = CompressNet.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldListTheDevstackCommandInHelp() {
    int exit = run("--help");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("Usage: compressnet").contains("devstack").contains("help");
  }

  @Test
  void shouldShowUsageAndFailWithoutACommand() {
    int exit = run();

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Missing command").contains("Usage: compressnet");
  }

  @Test
  void shouldDescribeDevstackOptions() {
    int exit = run("devstack", "--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("--kafka-port=N")
        .contains("--registry-port=N")
        .contains("Default: 9092")
        .contains("Default: 8081");
  }

  @Test
  void shouldRefuseABusyPortBeforeStartingAnything() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int exit = run("devstack", "--kafka-port", String.valueOf(busy.getLocalPort()));

      assertThat(exit).isEqualTo(2);
      assertThat(err.toString())
          .contains("Port " + busy.getLocalPort() + " on 127.0.0.1 is in use")
          .contains("--kafka-port");
    }
  }
}
