package io.compressnet.cli;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.EntropyTableFit;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.streams.InferenceDefaults;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code compressnet fit-entropy}: adds INT8_RANGE tables to a bundle. */
@Command(
    name = "fit-entropy",
    mixinStandardHelpOptions = true,
    description = {
      "Fits the per-dimension frequency tables of the INT8_RANGE latent encoding on the INT8"
          + " latents the bundle's encoder gives IDX training images, and writes the bundle with"
          + " them (entropy.bin). The tables are part of the bundle's content hash, so the result"
          + " has a NEW model id: keep the old bundle in the decoder's models directory while"
          + " latents of the old id are still in flight.",
    })
final class FitEntropyCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "Model bundle directory.")
  Path model;

  @Option(
      names = "--images",
      required = true,
      paramLabel = "SOURCE",
      description = "Training images, e.g. the training corpus. " + ImageSourceOptions.SOURCE_HELP)
  String images;

  @Mixin ImageSourceOptions imageSources;

  @Option(names = "--limit", defaultValue = "0", description = "Only the first N images (0 = all).")
  int limit;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Where to write the bundle with tables (default: rewrite --model in place).")
  Path output;

  @Option(
      names = "--step-multiplier",
      defaultValue = "1",
      paramLabel = "K",
      description = {
        "The rate knob: make the latent grid K times coarser than the bundle's (codes 0..255/K"
            + " instead of 0..255) before fitting, so INT8_RANGE messages get shorter and"
            + " reconstructions coarser. Needs --output (a new bundle with a new id; the original"
            + " stays for latents already sent). Default: ${DEFAULT-VALUE} (the trained grid).",
      })
  int stepMultiplier;

  @Option(names = "--threads", description = "PyTorch threads (default: all cores).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    if (stepMultiplier < 1 || stepMultiplier > 255) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--step-multiplier must be in 1..255, got " + stepMultiplier);
    }
    if (stepMultiplier != 1
        && (output == null
            || output.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize()))) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--step-multiplier needs --output with a new directory: the bundle in "
              + model
              + " must stay for the latents already sent with its id");
    }
    InferenceDefaults.apply(threads != null ? threads : Runtime.getRuntime().availableProcessors());
    ModelBundle bundle = ModelBundle.load(model);
    ImageSource source = imageSources.source(images);
    ImageSet set = source.read(limit, new ReadProgressBar()).images();
    String before = bundle.modelId();
    EntropyTableFit.Result result =
        EntropyTableFit.fitAndWrite(bundle, set, output != null ? output : model, stepMultiplier);
    int fixed = bundle.spec().latentDims();
    System.out.printf(
        Locale.ROOT,
        "fitted %d dims x 256 symbols on %d images of %s%n"
            + "INT8_RANGE on those images: %.2f B per latent (INT8: %d B), %d of %d sent as INT8"
            + " (coded form not shorter)%n"
            + "model id %s -> %s (written to %s)%n"
            + "%s",
        fixed,
        result.images(),
        source.displayName(),
        result.meanMessageBytes(),
        fixed,
        result.fallbacks(),
        result.images(),
        before,
        result.bundle().modelId(),
        result.bundle().directory(),
        stepMultiplier == 1
            ? ""
            : "latent grid "
                + stepMultiplier
                + "x coarser: score it with `compressnet evaluate --model "
                + result.bundle().directory()
                + " --images <validation images>`\n");
    return 0;
  }
}
