package io.compressnet.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code compressnet bench jmh [JMH options] [benchmark regexp]}: runs the JMH micro-benchmarks of
 * this package with JMH's own command line (e.g. {@code -f 1 -wi 1 -i 3 -rf json -rff out.json
 * Packing}); {@code -h} after {@code --} lists JMH's options. Also runnable as {@code java -cp ...
 * org.openjdk.jmh.Main}.
 */
@Command(
    name = "jmh",
    mixinStandardHelpOptions = true,
    description =
        "JMH micro-benchmarks: SSIM/MSE, INT8/FLOAT16 packing, Avro serde round trips,"
            + " BatchEncoder/BatchDecoder at batch 1 and 64. Arguments go to JMH unchanged"
            + " (put them after --).")
public final class JmhCommand implements Callable<Integer> {

  @Parameters(paramLabel = "JMH_ARGS", description = "JMH options and benchmark patterns.")
  List<String> jmhArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    CommandLineOptions options = new CommandLineOptions(jmhArgs.toArray(new String[0]));
    if (options.shouldHelp()) {
      options.showHelp();
      return 0;
    }
    if (options.shouldList()) {
      new Runner(options).list();
      return 0;
    }
    new Runner(options).run();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new JmhCommand()).execute(args));
  }
}
