package io.compressnet.trainer;

import io.compressnet.codec.data.IdxReader;
import io.compressnet.codec.data.ImageSet;
import io.compressnet.codec.model.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code compressnet compare}: trains every architecture with identical settings, scores each on
 * the same validation images, and writes {@code comparison.md}, {@code comparison.json} and one bar
 * chart per metric.
 */
public final class CompareWorkflow {

  private CompareWorkflow() {}

  /** One architecture's outcome. */
  public record Row(
      String architecture,
      String modelId,
      int epochs,
      double trainLoss,
      double heldOutLoss,
      Evaluation.PathScores split,
      double trainImagesPerSecond,
      double encodeImagesPerSecond,
      double decodeImagesPerSecond,
      double trainMinutes) {}

  public static List<Row> run(
      TrainOptions base,
      List<Architecture> architectures,
      Path validationFile,
      Path output,
      TrainingListener listener)
      throws IOException {
    Files.createDirectories(output);
    ImageSet validation = IdxReader.readImages(validationFile, IdxReader.Layout.TRANSPOSED, 0);
    List<Row> rows = new ArrayList<>();
    for (Architecture architecture : architectures) {
      TrainOptions options =
          base.withDesign(architecture, output.resolve("models").resolve(architecture.shortName()));
      listener.message("=== " + architecture + " ===");
      TrainResult result = new Training(options, listener).run();
      Evaluation.Report report =
          Evaluation.run(
              result.bundle(),
              validation,
              validationFile.getFileName().toString(),
              result.bundle().defaultEncoding());
      listener.message(Reports.table(report));
      InferenceSpeed.Figures speed = InferenceSpeed.measure(result.bundle(), validation, 256);
      EpochStats best = result.history().get(result.bestEpoch() - 1);
      rows.add(
          new Row(
              architecture.shortName(),
              result.bundle().modelId(),
              result.history().size(),
              best.trainLoss(),
              best.validationLoss(),
              report.split(),
              result.history().stream()
                  .mapToDouble(EpochStats::imagesPerSecond)
                  .average()
                  .orElse(0),
              speed.encodePerSecond(),
              speed.decodePerSecond(),
              result.seconds() / 60));
      Plots.lossCurve(
          result.history(),
          result.bundle().modelId(),
          output.resolve("loss-" + architecture.shortName() + ".png"));
    }
    write(rows, base, validationFile, output);
    return rows;
  }

  private static void write(List<Row> rows, TrainOptions base, Path validationFile, Path output)
      throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("settings", base);
    json.put("validation", validationFile.getFileName().toString());
    json.put("rows", rows);
    Reports.writeJson(json, output.resolve("comparison.json"));
    List<String> names = rows.stream().map(Row::architecture).toList();
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
    md.append(
        String.format(
            Locale.ROOT,
            "Identical settings for every design: latent %d dims (%s), batch %d, peak lr %.0e, up to"
                + " %d epochs%s, class-balance α=%.1f, seed %d; trained on %s; scored on `%s`"
                + " through the split path (encoder → %s bytes → decoder).%n%n",
            base.latentDims(),
            base.encoding(),
            base.batchSize(),
            (double) base.learningRate(),
            base.epochs(),
            base.maxMinutes() > 0 ? " or " + base.maxMinutes() + " min" : "",
            base.classBalance(),
            base.seed(),
            base.trainImages().stream().map(p -> "`" + p.getFileName() + "`").toList(),
            validationFile.getFileName(),
            base.encoding()));
    md.append(
        "| design | epochs | train loss | held-out loss | MSE | aggregate PSNR | mean PSNR | SSIM |"
            + " bytes/image | train img/s | encode img/s | decode img/s | minutes |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.5f | %.5f | %.5f | %.2f dB | %.2f dB | %.4f | %d | %.0f | %.0f | %.0f |"
                  + " %.1f |%n",
              r.architecture(),
              r.epochs(),
              r.trainLoss(),
              r.heldOutLoss(),
              r.split().meanMse(),
              r.split().aggregatePsnr(),
              r.split().meanPsnr(),
              r.split().meanSsim(),
              r.split().bytesPerImage(),
              r.trainImagesPerSecond(),
              r.encodeImagesPerSecond(),
              r.decodeImagesPerSecond(),
              r.trainMinutes()));
    }
    md.append(
        "\nCharts: ![PSNR](bars-psnr.png) ![SSIM](bars-ssim.png) ![MSE](bars-mse.png)"
            + " ![held-out](bars-heldout-loss.png) ![train](bars-train-loss.png)"
            + " ![decode](bars-decode-speed.png)\n");
    Files.writeString(output.resolve("comparison.md"), md.toString());
  }
}
