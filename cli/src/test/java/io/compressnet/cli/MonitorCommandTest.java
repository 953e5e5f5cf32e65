package io.compressnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MonitorCommandTest {

  private final InProcessCli cli = new InProcessCli();

  @Test
  void shouldDescribeTheMonitorFlagsInHelp() {
    int exit = cli.run("monitor", "--help");

    assertThat(exit).isZero();
    assertThat(cli.out())
        .contains("Usage: compressnet monitor")
        .contains("--bootstrap-servers")
        .contains("--registry-url")
        .contains("--config")
        .contains("--dashboard-port")
        .contains("--sample-rate");
  }

  @Test
  void shouldRefuseAnInvalidSampleRateBeforeConnecting() {
    int exit = cli.run("monitor", "--sample-rate", "1.5");

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err())
        .contains("compressnet.monitor.sample.rate")
        .contains("1.5")
        .contains("must be in [0, 1]");
  }
}
