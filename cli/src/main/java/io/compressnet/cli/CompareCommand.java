package io.compressnet.cli;

import io.compressnet.codec.engine.SafeEngine;
import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.trainer.CompareWorkflow;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compressnet compare}: every design, identical settings, one table. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Trains each autoencoder design with identical settings, scores all on the same validation"
          + " images, and writes comparison.md, comparison.json and bar charts (PNG).",
    })
final class CompareCommand implements Callable<Integer> {

  @Mixin TrainingOptionsMixin training;

  @Option(
      names = "--validation",
      required = true,
      paramLabel = "FILE",
      description = "Validation images to score.")
  Path validation;

  @Option(
      names = "--output",
      defaultValue = "compare-out",
      paramLabel = "DIR",
      description = "Report directory. Default: ${DEFAULT-VALUE}.")
  Path output;

  @Option(
      names = "--architectures",
      split = ",",
      defaultValue = "ps,nn,psres,psw",
      description = "Designs to compare. Default: ${DEFAULT-VALUE}.")
  List<String> architectures;

  @Override
  public Integer call() throws Exception {
    DjlSettings.apply(training.threads());
    List<Architecture> designs = architectures.stream().map(Architecture::fromName).toList();
    for (Architecture design : designs) {
      OptionalInt relaunched =
          SafeEngine.ensureCorrectGradients(
              ModelSpec.emnist(design, training.latentDims), System.out::println);
      if (relaunched.isPresent()) {
        return relaunched.getAsInt();
      }
    }
    CompareWorkflow.run(
        training.toOptions(designs.get(0), output, null),
        designs,
        validation,
        output,
        new ConsoleTrainingListener(System.out));
    System.out.println("wrote " + output.resolve("comparison.md"));
    return 0;
  }
}
