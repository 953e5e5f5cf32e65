package io.compressnet.cli;

import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code compressnet} command. Every subcommand is registered here, in {@code subcommands}, and
 * nowhere else: add yours to the list (a picocli {@code @Command} class in this package).
 */
@Command(
    name = "compressnet",
    mixinStandardHelpOptions = true,
    versionProvider = CompressNet.Version.class,
    description = "Learned image compression over Kafka.",
    subcommands = {
      // One entry per command; planned: demo, produce, train, evaluate, compare, encoder,
      // decoder, monitor, bench.
      DemoCommand.class,
      DevStackCommand.class,
      InitCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      FitEntropyCommand.class,
      CompareCommand.class,
      BenchCommand.class,
      EncoderCommand.class,
      DecoderCommand.class,
      ProduceCommand.class,
      MonitorCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class CompressNet implements Runnable {

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for {@code main} and tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new CompressNet())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(CompressNet::settingError);
  }

  /**
   * A setting the services refuse (wrong type, out of range: {@link ConfigException}, which names
   * the property, the value and the variable) is a usage error: one line and exit code 2, as for a
   * bad flag, rather than a stack trace. Anything else propagates as before.
   */
  private static int settingError(Exception e, CommandLine command, ParseResult parsed)
      throws Exception {
    if (!(e instanceof ConfigException)) {
      throw e;
    }
    command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    return 2;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: choose one of the below.");
  }

  /** Version from the jar manifest (set by the build), or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = CompressNet.class.getPackage().getImplementationVersion();
      return new String[] {"compressnet " + (version == null ? "development" : version)};
    }
  }
}
