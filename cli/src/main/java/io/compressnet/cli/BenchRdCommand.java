package io.compressnet.cli;

import io.compressnet.bench.rd.RdBenchmark;
import io.compressnet.bench.rd.RdRun;
import io.compressnet.bench.rd.RdSummary;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.streams.InferenceDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code compressnet bench rd}: rate-distortion of CompressNet against classical codecs. */
@Command(
    name = "rd",
    mixinStandardHelpOptions = true,
    description = {
      "Rate-distortion benchmark on IDX images: bytes per image, aggregate and mean PSNR, mean"
          + " SSIM and images/s for CompressNet bundles (INT8, FLOAT16, FLOAT32, range-coded INT8"
          + " at several quantization steps, zstd over batches), WebP (lossy qualities, lossless),"
          + " JPEG, PNG, zstd and gzip, and optionally PCA and CompressNet with encoder"
          + " refinement; all on the same images.",
      "Writes rd.json, rd.md, rd-psnr.png and rd-ssim.png to --output.",
    })
final class BenchRdCommand implements Callable<Integer> {

  static final Path DEFAULT_MODEL = Path.of("models", "default");
  static final Path RD_MODELS = Path.of("models", "rd");

  @Spec CommandSpec spec;

  @Option(
      names = "--images",
      required = true,
      paramLabel = "SOURCE",
      description = "Images to evaluate. " + ImageSourceOptions.SOURCE_HELP)
  String images;

  @Mixin ImageSourceOptions imageSources;

  @Option(names = "--limit", defaultValue = "0", description = "Only the first N images (0 = all).")
  int limit;

  @Option(
      names = "--models",
      split = ",",
      paramLabel = "DIR",
      description =
          "Model bundle directories (default: models/default and every bundle under models/rd,"
              + " those that exist).")
  List<Path> models;

  @Option(
      names = "--train-images",
      paramLabel = "SOURCE",
      description =
          "Images to fit the range-coder tables and PCA on, never the evaluated ones (default:"
              + " the images after --limit in --images, if any).")
  String trainImages;

  @Option(
      names = "--train-limit",
      defaultValue = "20000",
      description = "Fitting images to use (0 = all). Default: ${DEFAULT-VALUE}.")
  int trainLimit;

  @Option(
      names = "--pca",
      description = "Also measure PCA at 8/16/32/64 dims (needs fitting images).")
  boolean pca;

  @Option(
      names = "--output",
      defaultValue = "docs/rd",
      paramLabel = "DIR",
      description = "Report directory. Default: ${DEFAULT-VALUE}.")
  Path output;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description =
          "PyTorch threads; 1 compares per core with the one-thread classical codecs."
              + " Default: ${DEFAULT-VALUE}.")
  int threads;

  @Mixin RefinementOptions refinementOptions;

  @Override
  public Integer call() throws IOException {
    Refinement refinement = refinement();
    InferenceDefaults.apply(threads);
    List<Path> bundles = models != null ? models : defaultModels();
    if (bundles.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "bench rd: no model bundles (none at models/default or under models/rd);"
                  + " measuring the classical codecs only. Pass --models DIR,... to include some.");
    }
    RdBenchmark.Options options =
        new RdBenchmark.Options(
            imageSources.source(images),
            limit,
            bundles,
            trainImages == null ? null : imageSources.source(trainImages),
            trainLimit,
            pca,
            output,
            threads,
            refinement,
            commandText());
    RdRun run = new RdBenchmark(options, System.out).run();
    System.out.println();
    RdSummary.lines(run.points()).forEach(line -> System.out.println("- " + line));
    System.out.println("wrote " + output.resolve("rd.md") + ", rd.json, rd-psnr.png, rd-ssim.png");
    return 0;
  }

  Refinement refinement() {
    return refinementOptions.refinement();
  }

  static List<Path> defaultModels() throws IOException {
    List<Path> found = new ArrayList<>();
    if (Files.isRegularFile(DEFAULT_MODEL.resolve("model.json"))) {
      found.add(DEFAULT_MODEL);
    }
    if (Files.isDirectory(RD_MODELS)) {
      try (Stream<Path> dirs = Files.list(RD_MODELS)) {
        dirs.filter(d -> Files.isRegularFile(d.resolve("model.json"))).sorted().forEach(found::add);
      }
    }
    return found;
  }

  private String commandText() {
    // originalArgs holds the whole command line, "bench rd" included.
    return "compressnet " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }
}
