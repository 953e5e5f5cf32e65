package io.compressnet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code compressnet} command line in this JVM and keeps what it printed. */
final class InProcessCli {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** The exit code of {@code compressnet args...}. */
  int run(String... args) {
    CommandLine cli = CompressNet.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }
}
