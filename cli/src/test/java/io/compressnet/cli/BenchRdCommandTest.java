package io.compressnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.inference.Refinement;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchRdCommandTest {

  private final InProcessCli cli = new InProcessCli();

  private static BenchRdCommand parse(String... args) {
    BenchRdCommand command = new BenchRdCommand();
    new CommandLine(command).parseArgs(args);
    return command;
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
    int exit = cli.run("bench", "rd", "--images", "missing.gz", "--refine-steps", "-1");

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err()).contains("refinement steps must be >= 0");
  }

  @Test
  void shouldDescribeTheRefinementOptions() {
    int exit = cli.run("bench", "rd", "--help");

    assertThat(exit).isZero();
    assertThat(cli.out()).contains("--refine-steps=N").contains("--refine-rate=R");
  }
}
