package io.compressnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code compressnet bench}: the parent of every benchmark; add yours to {@code subcommands}. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks (measured on this machine, written as reports).",
    subcommands = {
      BenchRdCommand.class,
      BenchLiveCommand.class,
      io.compressnet.bench.pipeline.PipelineCommand.class,
      io.compressnet.bench.jmh.JmhCommand.class,
      CommandLine.HelpCommand.class,
    })
final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing benchmark: choose one of the below.");
  }
}
