package io.compressnet.bench.rd;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.trainer.Evaluation;
import io.compressnet.trainer.InferenceSpeed;
import io.compressnet.trainer.Reports;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code compressnet bench rd}: every codec at every setting on the same images in one run, written
 * as {@code rd.json}, {@code rd.md}, {@code rd-psnr.png} and {@code rd-ssim.png}.
 */
public final class RdBenchmark {

  public static final int[] DEFAULT_WEBP_QUALITIES = {
    0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100
  };
  public static final float[] DEFAULT_JPEG_QUALITIES = {
    0.05f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f
  };
  public static final int[] DEFAULT_STEPS = {1, 2, 4, 8, 16};
  public static final int[] DEFAULT_PCA_DIMS = {8, 16, 32, 64};
  static final int SPEED_BATCH = 256;

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
    for (Path dir : options.models()) {
      ModelBundle bundle = ModelBundle.load(dir);
      modelIds.add(bundle.modelId() + " (" + dir + ")");
      points.addAll(compressNet(bundle, images, train));
    }
    if (options.pca()) {
      if (train == null) {
        warnings.add("PCA skipped: no fitting images");
      } else {
        points.addAll(PcaRd.run(train, images, DEFAULT_PCA_DIMS, this::print));
      }
    }
    for (var entry : classicalCodecs().entrySet()) {
      for (ImageCodec codec : entry.getValue()) {
        CodecRunner.run(entry.getKey(), codec, images).forEach(p -> points.add(print(p)));
      }
    }
    RdRun run =
        new RdRun(
            options.command(),
            options.images().location(),
            images.size(),
            images.width(),
            images.height(),
            train == null ? null : trainDescription(),
            train == null ? 0 : train.size(),
            options.pca() && train != null,
            modelIds,
            startedAt,
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(),
            options.threads(),
            String.format(
                Locale.ROOT,
                "load average at the end %.1f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage()),
            List.copyOf(warnings),
            List.copyOf(points));
    write(run, options.output());
    return run;
  }

  /** Writes rd.json, rd.md and both plots to {@code output}. */
  public static void write(RdRun run, Path output) throws IOException {
    Files.createDirectories(output);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", run.command());
    json.put("images", run.images());
    json.put("imageCount", run.imageCount());
    json.put("width", run.width());
    json.put("height", run.height());
    json.put("fittingImages", run.trainImages());
    json.put("fittingCount", run.trainCount());
    json.put("models", run.models());
    json.put("startedAt", run.startedAt());
    json.put("javaVersion", run.javaVersion());
    json.put("cores", run.cores());
    json.put("pytorchThreads", run.threads());
    json.put("load", run.loadNote());
    json.put("warnings", run.warnings());
    json.put("summary", RdSummary.asMap(run.points()));
    json.put("points", run.points().stream().sorted(RdMarkdown.TABLE_ORDER).toList());
    Reports.writeJson(json, output.resolve("rd.json"));
    Files.writeString(output.resolve("rd.md"), RdMarkdown.page(run));
    RdCharts.write(run.points(), output.resolve("rd-psnr.png"), output.resolve("rd-ssim.png"));
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

  private String trainDescription() {
    return options.trainImages() != null
        ? options.trainImages().location()
        : options.images().location() + " (the images after the first " + options.limit() + ")";
  }

  private List<RdPoint> compressNet(ModelBundle bundle, ImageSet images, ImageSet train) {
    List<RdPoint> points = new ArrayList<>();
    InferenceSpeed.Figures speed = InferenceSpeed.measure(bundle, images, SPEED_BATCH);
    Refinement refinement = options.refinement();
    LatentRd.NetworkRates rates =
        new LatentRd.NetworkRates(speed.encodePerSecond(), speed.decodePerSecond());
    LatentRd.NetworkRates refinedRates =
        refinement.enabled()
            ? new LatentRd.NetworkRates(
                RefinedRows.encodePerSecond(bundle, images, refinement, SPEED_BATCH),
                speed.decodePerSecond())
            : null;
    for (Encoding encoding : Encoding.values()) {
      if (encoding == Encoding.INT8_RANGE) {
        // The split path scores INT8_RANGE at its fixed-length size; the "+ range coder" rows
        // below carry the coded sizes (and need no tables in the bundle).
        continue;
      }
      // Refined rows: the INT8 wire encoding only, the one the small-message target is about.
      Evaluation.Report report =
          Evaluation.run(
              bundle,
              images,
              options.images().displayName(),
              encoding,
              encoding == Encoding.INT8 ? refinement : Refinement.NONE);
      String note =
          String.format(
              Locale.ROOT,
              "fixed-length latent; whole autoencoder in memory: %.2f dB",
              report.autoencoder().aggregatePsnr());
      points.add(print(splitRow(bundle, encoding, report.split(), rates, note)));
      if (report.refined() != null) {
        RdPoint row =
            splitRow(bundle, encoding, report.refined(), refinedRates, "fixed-length latent");
        points.add(print(RefinedRows.label(row, refinement)));
      }
    }
    if (train == null) {
      return points;
    }
    rangeCoded(bundle, Refinement.NONE, images, train, rates, true).stream()
        .map(this::print)
        .forEach(points::add);
    if (refinement.enabled()) {
      // No zstd rows: batch-level figures, which the summary leaves out anyway.
      rangeCoded(bundle, refinement, images, train, refinedRates, false).stream()
          .map(p -> print(RefinedRows.label(p, refinement)))
          .forEach(points::add);
    }
    return points;
  }

  private static RdPoint splitRow(
      ModelBundle bundle,
      Encoding encoding,
      Evaluation.PathScores s,
      LatentRd.NetworkRates rates,
      String note) {
    return new RdPoint(
        RdSummary.COMPRESSNET,
        RdSummary.COMPRESSNET,
        bundle.modelId() + " " + encoding.name(),
        s.bytesPerImage(),
        s.bytesPerImage(),
        s.images(),
        s.aggregatePsnr(),
        s.meanPsnr(),
        s.meanSsim(),
        rates.encodePerSecond(),
        rates.decodePerSecond(),
        false,
        true,
        note);
  }

  /** Range-coded rows of a bundle's latents, encoded with {@code refinement} (fitting ones too). */
  private static List<RdPoint> rangeCoded(
      ModelBundle bundle,
      Refinement refinement,
      ImageSet images,
      ImageSet train,
      LatentRd.NetworkRates rates,
      boolean withZstd) {
    try (CompressNetLatents codec = new CompressNetLatents(bundle, refinement)) {
      float[][] trainLatents = codec.encode(train);
      float[][] evalLatents = codec.encode(images);
      return LatentRd.run(
          RdSummary.COMPRESSNET,
          codec,
          trainLatents,
          evalLatents,
          images,
          rates,
          DEFAULT_STEPS,
          withZstd);
    }
  }

  /** Codec families and their settings, in table order. */
  static Map<String, List<ImageCodec>> classicalCodecs() {
    Map<String, List<ImageCodec>> codecs = new LinkedHashMap<>();
    List<ImageCodec> webp = new ArrayList<>();
    for (int q : DEFAULT_WEBP_QUALITIES) {
      webp.add(WebPCodec.lossy(q));
    }
    webp.add(WebPCodec.losslessCodec());
    codecs.put("WebP", webp);
    List<ImageCodec> jpeg = new ArrayList<>();
    for (float q : DEFAULT_JPEG_QUALITIES) {
      jpeg.add(JpegCodec.of(q));
    }
    codecs.put("JPEG", jpeg);
    codecs.put("PNG", List.of(new PngCodec()));
    codecs.put("zstd", List.of(new ZstdCodec(3), new ZstdCodec(19)));
    codecs.put("gzip", List.of(new GzipCodec()));
    return codecs;
  }

  private final long started = System.nanoTime();

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
