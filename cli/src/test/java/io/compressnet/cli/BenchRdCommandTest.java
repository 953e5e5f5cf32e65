package io.compressnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.inference.Refinement;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchRdCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static BenchRdCommand parse(String... args) {
    BenchRdCommand command = new BenchRdCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  private int run(String... args) {
    CommandLine cli = CompressNet.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldLeaveRefinementOffByDefault() {
    Refinement refinement = parse("--images", "x.gz").refinement();

    assertThat(refinement).isEqualTo(Refinement.NONE);
    assertThat(refinement.enabled()).isFalse();
  }

  @Test
  void shouldParseRefinementStepsAndRate() {
    Refinement refinement =
        parse("--images", "x.gz", "--refine-steps", "4", "--refine-rate", "0.02").refinement();

    assertThat(refinement).isEqualTo(new Refinement(4, 0.02f));
  }

  @Test
  void shouldRefuseNegativeStepsBeforeReadingAnything() {
    int exit = run("bench", "rd", "--images", "missing.gz", "--refine-steps", "-1");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("refinement steps must be >= 0");
  }

  @Test
  void shouldDescribeTheRefinementOptions() {
    int exit = run("bench", "rd", "--help");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("--refine-steps=N").contains("--refine-rate=R");
  }
}
