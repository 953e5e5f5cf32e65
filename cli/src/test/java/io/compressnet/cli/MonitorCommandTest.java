package io.compressnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MonitorCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = CompressNet.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldDescribeTheMonitorFlagsInHelp() {
    int exit = run("monitor", "--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("Usage: compressnet monitor")
        .contains("--bootstrap-servers")
        .contains("--registry-url")
        .contains("--config")
        .contains("--dashboard-port")
        .contains("--sample-rate");
  }

  @Test
  void shouldRefuseAnInvalidSampleRateBeforeConnecting() {
    int exit = run("monitor", "--sample-rate", "1.5");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("compressnet.monitor.sample.rate must be in [0, 1]");
  }
}
