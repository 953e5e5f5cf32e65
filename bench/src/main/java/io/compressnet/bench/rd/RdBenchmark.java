package io.compressnet.bench.rd;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.data.ImageSource;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code compressnet bench rd}: every codec at every setting on the same images in one run, written
 * as {@code rd.json}, {@code rd.md}, {@code rd-psnr.png} and {@code rd-ssim.png}.
 */
public final class RdBenchmark {

  static final int[] PCA_DIMS = {8, 16, 32, 64};

  /**
   * What to run. {@code trainImages} may be null: then images after {@code limit} are used. With
   * {@code refinement} on, every bundle also gets rows measured with encoder refinement.
   */
  public record Options(
      ImageSource images,
      int limit,
      List<Path> models,
      ImageSource trainImages,
      int trainLimit,
      boolean pca,
      Path output,
      int threads,
      Refinement refinement,
      String command) {}

  private final Options options;
  private final PrintStream log;
  private final List<String> warnings = new ArrayList<>();
  private final long started = System.nanoTime();

  public RdBenchmark(Options options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  public RdRun run() throws IOException {
    String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    ImageSet images = options.images().readImages(options.limit());
    ImageSet train = trainingImages(images);
    log.printf(
        Locale.ROOT,
        "rd: %d images to evaluate, %s fitting images%n",
        images.size(),
        train == null ? "no" : String.valueOf(train.size()));
    List<RdPoint> points = new ArrayList<>();
    List<String> modelIds = new ArrayList<>();
    CompressNetRows compressNet =
        new CompressNetRows(
            images, options.images().displayName(), train, options.refinement(), this::print);
    for (Path dir : options.models()) {
      ModelBundle bundle = ModelBundle.load(dir);
      modelIds.add(bundle.modelId() + " (" + dir + ")");
      points.addAll(compressNet.measure(bundle));
    }
    if (options.pca() && train == null) {
      warnings.add("PCA skipped: no fitting images");
    } else if (options.pca()) {
      points.addAll(Pca.rows(train, images, PCA_DIMS, this::print));
    }
    for (var family : ClassicalCodecs.all().entrySet()) {
      for (ImageCodec codec : family.getValue()) {
        CodecRunner.run(family.getKey(), codec, images).forEach(p -> points.add(print(p)));
      }
    }
    String trainedOn =
        options.trainImages() != null
            ? options.trainImages().location()
            : options.images().location() + " (the images after the first " + options.limit() + ")";
    RdRun run =
        new RdRun(
            options.command(),
            options.images().location(),
            images.size(),
            images.width(),
            images.height(),
            train == null ? null : trainedOn,
            train == null ? 0 : train.size(),
            modelIds,
            startedAt,
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(),
            options.threads(),
            String.format(
                Locale.ROOT,
                "load average at the end %.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()),
            List.copyOf(warnings),
            RdSummary.of(points),
            List.copyOf(points));
    RdReport.write(run, options.output());
    return run;
  }

  private ImageSet trainingImages(ImageSet evaluated) throws IOException {
    if (options.trainImages() != null) {
      return options.trainImages().readImages(options.trainLimit());
    }
    // Hold out the images after the evaluated ones in the same file, if the limit leaves any.
    ImageSet all = options.images().readImages(0);
    if (all.size() <= evaluated.size()) {
      warnings.add(
          "no fitting images (--train-images not given and --limit leaves none of "
              + options.images().displayName()
              + "): range coding and PCA skipped");
      return null;
    }
    int to =
        options.trainLimit() > 0
            ? Math.min(all.size(), evaluated.size() + options.trainLimit())
            : all.size();
    return all.slice(evaluated.size(), to);
  }

  private RdPoint print(RdPoint p) {
    log.printf(
        Locale.ROOT,
        "  [%4.0fs] %-34s %-44s %7.1f B  %6.2f dB  SSIM %.4f%n",
        (System.nanoTime() - started) / 1e9,
        p.series(),
        p.setting(),
        p.bytesPerImage(),
        p.aggregatePsnr(),
        p.meanSsim());
    return p;
  }
}
