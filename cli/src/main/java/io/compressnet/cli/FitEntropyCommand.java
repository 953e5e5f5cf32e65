package io.compressnet.cli;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.data.ImageSet;
import io.compressnet.codec.data.ImageSource;
import io.compressnet.codec.inference.EntropyTableFit;
import io.compressnet.streams.InferenceDefaults;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  @Option(names = "--threads", description = "PyTorch threads (default: all cores).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    InferenceDefaults.apply(threads != null ? threads : Runtime.getRuntime().availableProcessors());
    ModelBundle bundle = ModelBundle.load(model);
    ImageSource source = imageSources.source(images);
    ImageSet set = source.read(limit, new ReadProgressBar()).images();
    String before = bundle.modelId();
    EntropyTableFit.Result result =
        EntropyTableFit.fitAndWrite(bundle, set, output != null ? output : model);
    int fixed = bundle.spec().latentDims();
    System.out.printf(
        Locale.ROOT,
        "fitted %d dims x 256 symbols on %d images of %s%n"
            + "INT8_RANGE on those images: %.2f B per latent (INT8: %d B), %d of %d sent as INT8"
            + " (coded form not shorter)%n"
            + "model id %s -> %s (written to %s)%n",
        fixed,
        result.images(),
        source.displayName(),
        result.meanMessageBytes(),
        fixed,
        result.fallbacks(),
        result.images(),
        before,
        result.bundle().modelId(),
        result.bundle().directory());
    return 0;
  }
}
