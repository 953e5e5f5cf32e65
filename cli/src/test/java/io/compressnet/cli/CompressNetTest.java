package io.compressnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompressNetTest {

  private final InProcessCli cli = new InProcessCli();

  @Test
  void shouldListTheDevstackCommandInHelp() {
    int exit = cli.run("--help");

    assertThat(exit).isZero();
    assertThat(cli.out()).contains("Usage: compressnet").contains("devstack").contains("help");
  }

  @Test
  void shouldFormatTheHelpOfEveryOptionOfEveryCommand() {
    // Given every command and subcommand of the tool, and picocli's warnings captured
    PrintStream original = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      // When each one's help is rendered
      renderHelpOfEveryCommand(CompressNet.commandLine());
    } finally {
      System.setErr(original);
    }

    // Then picocli could format every description (a lone '%' makes it warn and print raw text)
    assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
  }

  private static void renderHelpOfEveryCommand(CommandLine command) {
    assertThat(command.getUsageMessage()).isNotBlank();
    command.getSubcommands().values().forEach(CompressNetTest::renderHelpOfEveryCommand);
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

  @Test
  void shouldRefuseABadSettingInOneLineWithExitCodeTwo(@TempDir Path dir) throws Exception {
    // Given a properties file with a batch size that is not a number
    Path config = dir.resolve("encoder.properties");
    Files.writeString(config, "compressnet.batch.size=sixty-four\n");
    InProcessCli cli = new InProcessCli();

    // When the encoder starts with it
    int exit = cli.run("encoder", "--config", config.toString());

    // Then it stops before connecting, naming the setting, without a stack trace
    assertThat(exit).isEqualTo(2);
    assertThat(cli.err())
        .contains("compressnet encoder: ")
        .contains("compressnet.batch.size")
        .contains("sixty-four")
        .contains("COMPRESSNET_BATCH_SIZE")
        .doesNotContain("\tat ");
  }
}
