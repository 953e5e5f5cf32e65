package io.compressnet.trainer;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.MacCount;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.data.ImageSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code compressnet compare}: trains every architecture with identical settings (or takes bundles
 * already trained), scores each on the same validation images through the services' split path, and
 * writes {@code comparison.md}, {@code comparison.json}, one bar chart per metric and the
 * quality–cost frontier ({@code frontier.png}: aggregate PSNR against decode images/s).
 */
public final class CompareWorkflow {

  /** Batch of the speed figures: the services' default {@code compressnet.batch.size}. */
  static final int SPEED_BATCH = 64;

  private CompareWorkflow() {}

  /** One design's outcome; multiply-accumulates are per image, from the layer shapes. */
  public record Row(
      String architecture,
      String modelId,
      long encoderMacs,
      long decoderMacs,
      int epochs,
      double trainLoss,
      double heldOutLoss,
      Evaluation.PathScores split,
      double trainImagesPerSecond,
      double encodeImagesPerSecond,
      double decodeImagesPerSecond,
      double trainMinutes) {}

  /** Trains each design with {@code base}'s settings, then scores them as {@link #score} does. */
  public static List<Row> run(
      TrainOptions base,
      List<Architecture> architectures,
      ImageSource validationFile,
      Path output,
      TrainingListener listener)
      throws IOException {
    Files.createDirectories(output);
    List<ModelBundle> bundles = new ArrayList<>();
    for (Architecture architecture : architectures) {
      TrainOptions options =
          base.withDesign(architecture, output.resolve("models").resolve(architecture.shortName()));
      listener.message("=== " + architecture + " ===");
      TrainResult result = new Training(options, listener).run();
      Plots.lossCurve(
          result.history(),
          result.bundle().modelId(),
          output.resolve("loss-" + architecture.shortName() + ".png"));
      bundles.add(result.bundle());
    }
    return score(bundles, describe(base), validationFile, output, listener);
  }

  /**
   * Scores bundles trained elsewhere (each with the settings its {@code model.json} records) and
   * writes the report: the way to compare runs that were trained side by side in separate
   * processes.
   *
   * @param settings one line on how the bundles were trained, for the report
   */
  public static List<Row> score(
      List<ModelBundle> bundles,
      String settings,
      ImageSource validationFile,
      Path output,
      TrainingListener listener)
      throws IOException {
    Files.createDirectories(output);
    ImageSet validation = validationFile.read(0, listener.readProgress()).images();
    List<Row> rows = new ArrayList<>();
    for (ModelBundle bundle : bundles) {
      Evaluation.Report report =
          Evaluation.run(
              bundle, validation, validationFile.displayName(), bundle.defaultEncoding());
      listener.message(Reports.table(report));
      InferenceSpeed.Figures speed = InferenceSpeed.measure(bundle, validation, SPEED_BATCH);
      rows.add(row(bundle, report, speed));
    }
    write(rows, settings, validationFile, output);
    return rows;
  }

  private static Row row(
      ModelBundle bundle, Evaluation.Report report, InferenceSpeed.Figures speed) {
    Map<String, Object> training = bundle.manifest().training();
    int epochs = number(training, "epochs").intValue();
    double seconds = number(training, "seconds").doubleValue();
    double trainImages = number(bundle.manifest().dataset(), "trainImages").doubleValue();
    MacCount.Figures macs = MacCount.of(bundle.spec());
    return new Row(
        bundle.spec().architecture().shortName(),
        bundle.modelId(),
        macs.encoder(),
        macs.decoder(),
        epochs,
        number(training, "trainLoss").doubleValue(),
        number(training, "validationLoss").doubleValue(),
        report.split(),
        seconds > 0 ? epochs * trainImages / seconds : 0,
        speed.encodePerSecond(),
        speed.decodePerSecond(),
        seconds / 60);
  }

  private static Number number(Map<String, Object> map, String key) {
    Object value = map == null ? null : map.get(key);
    if (value instanceof Number n) {
      return n;
    }
    throw new IllegalArgumentException("model.json has no numeric '" + key + "'");
  }

  /**
   * One label per row: the design, or the design and the model id's hash where a design appears
   * more than once (e.g. one design at two training budgets).
   */
  static List<String> labels(List<Row> rows) {
    List<String> labels = new ArrayList<>();
    for (Row r : rows) {
      long sameDesign =
          rows.stream().filter(o -> o.architecture().equals(r.architecture())).count();
      String hash = r.modelId().substring(r.modelId().indexOf('@') + 1);
      labels.add(sameDesign > 1 ? r.architecture() + " @" + hash : r.architecture());
    }
    return labels;
  }

  static String describe(TrainOptions base) {
    return String.format(
        Locale.ROOT,
        "Identical settings for every design: latent %d dims (%s), batch %d, peak lr %.0e, up to"
            + " %d epochs%s, class-balance α=%.1f, seed %d, %d PyTorch threads; trained on %s.",
        base.latentDims(),
        base.encoding(),
        base.batchSize(),
        (double) base.learningRate(),
        base.epochs(),
        base.maxMinutes() > 0 ? " or " + base.maxMinutes() + " min" : "",
        base.classBalance(),
        base.seed(),
        base.threads(),
        base.trainImages().stream().map(p -> "`" + p.displayName() + "`").toList());
  }

  private static void write(
      List<Row> rows, String settings, ImageSource validationFile, Path output) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("settings", settings);
    json.put("validation", validationFile.displayName());
    json.put("rows", rows);
    Reports.writeJson(json, output.resolve("comparison.json"));
    List<String> names = labels(rows);
    Plots.frontier(rows, names, output.resolve("frontier.png"));
    Plots.comparisonBars(
        names,
        "train loss",
        rows.stream().mapToDouble(Row::trainLoss).toArray(),
        output.resolve("bars-train-loss.png"));
    Plots.comparisonBars(
        names,
        "held-out loss",
        rows.stream().mapToDouble(Row::heldOutLoss).toArray(),
        output.resolve("bars-heldout-loss.png"));
    Plots.comparisonBars(
        names,
        "validation MSE (split path)",
        rows.stream().mapToDouble(r -> r.split().meanMse()).toArray(),
        output.resolve("bars-mse.png"));
    Plots.comparisonBars(
        names,
        "validation SSIM (split path)",
        rows.stream().mapToDouble(r -> r.split().meanSsim()).toArray(),
        output.resolve("bars-ssim.png"));
    Plots.comparisonBars(
        names,
        "validation aggregate PSNR dB (split path)",
        rows.stream().mapToDouble(r -> r.split().aggregatePsnr()).toArray(),
        output.resolve("bars-psnr.png"));
    Plots.comparisonBars(
        names,
        "decode images/s (batched)",
        rows.stream().mapToDouble(Row::decodeImagesPerSecond).toArray(),
        output.resolve("bars-decode-speed.png"));
    StringBuilder md = new StringBuilder();
    md.append("# Architecture comparison\n\n");
    md.append(settings).append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Scored on `%s` through the split path the services run (BatchEncoder → wire bytes →"
                + " BatchDecoder). Multiply-accumulates per image are counted from the layer"
                + " shapes (MacCount); encode/decode images/s are the network alone, batch %d, on"
                + " the PyTorch threads of this run.%n%n",
            validationFile.displayName(),
            SPEED_BATCH));
    md.append(
        "| design | decoder MACs | encoder MACs | epochs | minutes | held-out loss | MSE |"
            + " aggregate PSNR | mean PSNR | SSIM | bytes/image | train img/s | encode img/s |"
            + " decode img/s |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f M | %.2f M | %d | %.1f | %.5f | %.5f | %.2f dB | %.2f dB | %.4f | %d |"
                  + " %.0f | %.0f | %.0f |%n",
              names.get(rows.indexOf(r)),
              r.decoderMacs() / 1e6,
              r.encoderMacs() / 1e6,
              r.epochs(),
              r.trainMinutes(),
              r.heldOutLoss(),
              r.split().meanMse(),
              r.split().aggregatePsnr(),
              r.split().meanPsnr(),
              r.split().meanSsim(),
              r.split().bytesPerImage(),
              r.trainImagesPerSecond(),
              r.encodeImagesPerSecond(),
              r.decodeImagesPerSecond()));
    }
    md.append("\n![frontier](frontier.png)\n");
    md.append(
        "\nCharts: ![PSNR](bars-psnr.png) ![SSIM](bars-ssim.png) ![MSE](bars-mse.png)"
            + " ![held-out](bars-heldout-loss.png) ![train](bars-train-loss.png)"
            + " ![decode](bars-decode-speed.png)\n");
    Files.writeString(output.resolve("comparison.md"), md.toString());
  }
}
