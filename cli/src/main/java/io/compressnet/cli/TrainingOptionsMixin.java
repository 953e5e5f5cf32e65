package io.compressnet.cli;

import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.trainer.Distillation;
import io.compressnet.trainer.TrainOptions;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Training settings shared by {@code train} and {@code compare}. */
final class TrainingOptionsMixin {

  @Option(
      names = "--images",
      split = ",",
      paramLabel = "SOURCE",
      description =
          "Training images; repeatable. "
              + ImageSourceOptions.SOURCE_HELP
              + " IDX labels are read from the matching -labels-idx1- file when present.")
  List<String> images;

  @Mixin ImageSourceOptions imageSources;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--latent-dims",
      defaultValue = "32",
      description = "Latent values per image. Default: ${DEFAULT-VALUE}.")
  int latentDims;

  @Option(
      names = "--encoding",
      defaultValue = "INT8",
      description =
          "Wire encoding written into the bundle: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Encoding encoding;

  /** Epochs without --max-minutes; with it the budget decides (a small set runs many epochs). */
  static final int DEFAULT_EPOCHS = 30;

  /** No practical epoch limit: the time budget, early stopping or the user's --epochs ends it. */
  static final int EPOCHS_WITHIN_BUDGET = 100_000;

  @Option(
      names = "--epochs",
      description =
          "Maximum epochs. Default: "
              + DEFAULT_EPOCHS
              + ", or as many as --max-minutes allows when that is given.")
  Integer epochs;

  @Option(names = "--batch-size", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--lr",
      defaultValue = "2e-3",
      description = "Peak learning rate (Adam). Default: ${DEFAULT-VALUE}.")
  float learningRate;

  @Option(
      names = "--min-lr",
      defaultValue = "2e-5",
      description = "Final learning rate of the cosine schedule. Default: ${DEFAULT-VALUE}.")
  float minLearningRate;

  @Option(
      names = "--patience",
      defaultValue = "4",
      description =
          "Epochs without held-out improvement before stopping. Default: ${DEFAULT-VALUE}.")
  int patience;

  @Option(
      names = "--max-minutes",
      defaultValue = "0",
      description =
          "Wall-clock budget per model; the learning-rate schedule ends on time (0 = none). Default: ${DEFAULT-VALUE}.")
  double maxMinutes;

  @Option(
      names = "--class-balance",
      defaultValue = "1.0",
      description =
          "Sampling weight 1/freq(class)^α (0 = natural frequencies, 1 = balanced). Default: ${DEFAULT-VALUE}.")
  double classBalance;

  @Option(
      names = "--validation-split",
      defaultValue = "0.05",
      description = "Held-out fraction for early stopping. Default: ${DEFAULT-VALUE}.")
  double validationFraction;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "Use only the first N images of each file (0 = all).")
  int limit;

  @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--threads", description = "PyTorch threads (default: all cores).")
  Integer threads;

  @Option(
      names = "--init",
      paramLabel = "DIR",
      description =
          "Start from this bundle's weights (same design and sizes): continue or fine-tune a"
              + " model. With a larger --latent-dims the bundle's latent is widened: the new"
              + " dimensions start unused, so training starts from the bundle's quality.")
  Path initFrom;

  @Option(
      names = "--decoder-from",
      paramLabel = "DIR",
      description =
          "Take this bundle's decoder as it is and train only the encoder for it (same decoder"
              + " design and sizes; e.g. --architecture lite10s, a smaller encoder, or lite10e, a"
              + " larger one, for a lite10 decoder). The decoder's weights stay byte for byte the"
              + " same.")
  Path decoderFrom;

  @Option(
      names = "--latent-noise",
      defaultValue = "1.0",
      paramLabel = "STEPS",
      description =
          "Width of the uniform noise added to the latent while training, in INT8 steps over the"
              + " full tanh range (1.0 = 2/255). The fitted quantizer spans only the range the"
              + " latents use, so its real step is often smaller: a smaller width lets the model"
              + " use the precision the wire carries. Default: ${DEFAULT-VALUE}.")
  double latentNoiseSteps;

  @Option(
      names = "--rate-weight",
      defaultValue = "0",
      paramLabel = "LAMBDA",
      description = {
        "Train for a rate as well: the loss becomes MSE + LAMBDA x (bits per image / values per"
            + " image), the bits those of a learned prior on the noisy latent. The bundle's latent"
            + " grid then has the --latent-noise step, its entropy tables are fitted and it sends"
            + " INT8_RANGE. A larger LAMBDA gives shorter messages and coarser images (about"
            + " 0.007 matches the shipped model's own trade-off at 19 B). Default: ${DEFAULT-VALUE}"
            + " (no rate term).",
      })
  double rateWeight;

  @Option(
      names = "--augment",
      defaultValue = "0",
      paramLabel = "STRENGTH",
      description =
          "Distort every training batch by small random affine transforms, new ones each epoch,"
              + " so the network learns handwriting rather than the training images. 1.0 ="
              + " rotation up to 10 degrees, scale 10 %%, shear 0.1, shift 1.5 pixels; the ranges"
              + " scale with STRENGTH. Default: ${DEFAULT-VALUE} (none).")
  double augmentation;

  @Option(
      names = "--distill-steps",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Distil refinement into the encoder: before training, refine every training image's"
              + " latent by N gradient steps through the --decoder-from bundle (as an encoder with"
              + " COMPRESSNET_ENCODER_REFINE_STEPS=N would), then train the encoder towards those"
              + " latents as well as towards the pixels. Needs --decoder-from; not with --augment."
              + " Default: ${DEFAULT-VALUE} (off).")
  int distillSteps;

  @Option(
      names = "--distill-weight",
      defaultValue = "1.0",
      paramLabel = "W",
      description =
          "Weight of the distillation term (mean squared latent distance) against the pixel MSE."
              + " Default: ${DEFAULT-VALUE}.")
  double distillWeight;

  int epochs() {
    if (epochs != null) {
      return epochs;
    }
    return maxMinutes > 0 ? EPOCHS_WITHIN_BUDGET : DEFAULT_EPOCHS;
  }

  int threads() {
    return threads != null ? threads : Runtime.getRuntime().availableProcessors();
  }

  /**
   * Options for one model; the held-out split (never the validation file) drives early stopping.
   */
  TrainOptions toOptions(Architecture architecture, Path output, String name) {
    if (images == null || images.isEmpty()) {
      // Not required by the annotation: compare --bundles scores trained bundles without it.
      throw new ParameterException(mixee.commandLine(), "Missing required option: '--images'");
    }
    if (!(latentNoiseSteps >= 0)) {
      throw new ParameterException(
          mixee.commandLine(), "--latent-noise must be 0 or more, got " + latentNoiseSteps);
    }
    if (!(rateWeight >= 0)) {
      throw new ParameterException(
          mixee.commandLine(), "--rate-weight must be 0 or more, got " + rateWeight);
    }
    if (rateWeight > 0 && latentNoiseSteps == 0) {
      throw new ParameterException(
          mixee.commandLine(),
          "--rate-weight needs --latent-noise above 0: the noise's width is the grid it codes");
    }
    if (!(augmentation >= 0)) {
      throw new ParameterException(
          mixee.commandLine(), "--augment must be 0 or more, got " + augmentation);
    }
    try {
      return builder(architecture, output, name).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), e.getMessage(), e);
    }
  }

  private TrainOptions.Builder builder(Architecture architecture, Path output, String name) {
    return TrainOptions.builder(imageSources.sources(images), output)
        .validationFraction(validationFraction)
        .name(name)
        .architecture(architecture)
        .latentDims(latentDims)
        .encoding(encoding)
        .epochs(epochs())
        .batchSize(batchSize)
        .learningRate(learningRate)
        .minLearningRate(minLearningRate)
        .patience(patience)
        .maxMinutes(maxMinutes)
        .classBalance(classBalance)
        .limit(limit)
        .seed(seed)
        .threads(threads())
        .initFrom(initFrom)
        .latentNoise((float) (latentNoiseSteps * Autoencoder.QUANTIZATION_STEP))
        .decoderFrom(decoderFrom)
        .rateWeight((float) rateWeight)
        .augmentation(augmentation)
        .distillation(
            distillSteps == 0
                ? Distillation.NONE
                : new Distillation(distillSteps, (float) distillWeight));
  }
}
