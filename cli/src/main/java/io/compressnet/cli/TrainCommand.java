package io.compressnet.cli;

import io.compressnet.codec.engine.SafeEngine;
import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.streams.InferenceDefaults;
import io.compressnet.trainer.TrainOptions;
import io.compressnet.trainer.TrainWorkflow;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compressnet train}: one autoencoder → a model bundle with its figures. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains an autoencoder on your images (IDX, or a folder of PNG/JPEG) and writes a model bundle (model.json,"
          + " encoder.params, decoder.params) with metrics.json, loss-curve.png and"
          + " reconstructions.png beside it.",
      "",
      "Gradients are checked against finite differences first; on a machine where PyTorch's"
          + " default kernels get them wrong the command re-runs itself with"
          + " ONEDNN_MAX_CPU_ISA=SSE41.",
    })
final class TrainCommand implements Callable<Integer> {

  @Mixin TrainingOptionsMixin training;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "Bundle directory to write.")
  Path output;

  @Option(
      names = "--validation",
      paramLabel = "SOURCE",
      description =
          "Validation images scored after training (figures go into metrics.json): an IDX file,"
              + " a directory or a glob, like --images.")
  String validation;

  @Option(
      names = "--architecture",
      defaultValue = "lite10",
      completionCandidates = DesignNames.class,
      description =
          "Design: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}, the shipped default"
              + " model's.")
  String architecture;

  /** The design names for the help text, from the one list of designs. */
  static final class DesignNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of(Architecture.shortNames()).iterator();
    }
  }

  @Option(
      names = "--name",
      description =
          "Readable model name (default: the data's name, the design, the latent size and the"
              + " encoding, e.g. emnist-lite10-32-int8 or fashion-mnist-lite10-32-int8).")
  String name;

  @Override
  public Integer call() throws Exception {
    InferenceDefaults.apply(training.threads());
    Architecture arch = Architecture.fromName(architecture);
    OptionalInt relaunched =
        SafeEngine.ensureCorrectGradients(
            ModelSpec.emnist(arch, training.latentDims), System.out::println);
    if (relaunched.isPresent()) {
      return relaunched.getAsInt();
    }
    TrainOptions options = training.toOptions(arch, output, name);
    TrainWorkflow.Outcome outcome =
        TrainWorkflow.run(
            options,
            validation == null ? null : training.imageSources.source(validation),
            new ConsoleTrainingListener(System.out));
    System.out.println(
        "bundle: " + outcome.bundle().directory() + " (" + outcome.bundle().modelId() + ")");
    return 0;
  }
}
