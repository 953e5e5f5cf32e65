package io.compressnet.cli;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.engine.SafeEngine;
import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.streams.InferenceDefaults;
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
          + " images through the services' split path, and writes comparison.md, comparison.json,"
          + " bar charts and the quality-cost frontier (frontier.png: PSNR against decode"
          + " images/s), with each design's multiply-accumulates per image.",
      "With --bundles, scores bundles trained elsewhere (e.g. side by side in separate"
          + " processes) instead of training.",
    })
final class CompareCommand implements Callable<Integer> {

  @Mixin TrainingOptionsMixin training;

  @Option(
      names = "--validation",
      required = true,
      paramLabel = "SOURCE",
      description = "Validation images to score: an IDX file, a directory or a glob.")
  String validation;

  @Option(
      names = "--output",
      defaultValue = "compare-out",
      paramLabel = "DIR",
      description = "Report directory. Default: ${DEFAULT-VALUE}.")
  Path output;

  @Option(
      names = "--architectures",
      split = ",",
      defaultValue = "lite3,lite6,lite10,psres",
      description = "Designs to train and compare. Default: ${DEFAULT-VALUE}.")
  List<String> architectures;

  @Option(
      names = "--bundles",
      split = ",",
      paramLabel = "DIR",
      description = "Score these trained bundles instead of training (--images is not needed).")
  List<Path> bundles;

  @Option(
      names = "--settings",
      paramLabel = "TEXT",
      description = "With --bundles: how they were trained, one line for the report.")
  String settings;

  @Override
  public Integer call() throws Exception {
    InferenceDefaults.apply(training.threads());
    if (bundles != null && !bundles.isEmpty()) {
      return scoreBundles();
    }
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
        training.imageSources.source(validation),
        output,
        new ConsoleTrainingListener(System.out));
    System.out.println("wrote " + output.resolve("comparison.md"));
    return 0;
  }

  private int scoreBundles() throws Exception {
    List<ModelBundle> loaded = bundles.stream().map(ModelBundle::load).toList();
    CompareWorkflow.score(
        loaded,
        settings != null ? settings : "Bundles trained separately; see each model.json.",
        training.imageSources.source(validation),
        output,
        new ConsoleTrainingListener(System.out));
    System.out.println("wrote " + output.resolve("comparison.md"));
    return 0;
  }
}
