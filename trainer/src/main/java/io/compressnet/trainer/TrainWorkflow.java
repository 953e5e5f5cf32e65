package io.compressnet.trainer;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.data.ImageSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code compressnet train}: train, then score the bundle on the validation file (if any) and write
 * the figures beside the bundle: {@code metrics.json}, {@code loss-curve.png}, {@code
 * reconstructions.png}.
 */
public final class TrainWorkflow {

  public static final String METRICS_FILE = "metrics.json";
  public static final String LOSS_CURVE_FILE = "loss-curve.png";
  public static final String GRID_FILE = "reconstructions.png";

  private TrainWorkflow() {}

  /** The outcome: training result plus the evaluation on the validation file (or null). */
  public record Outcome(TrainResult training, Evaluation.Report evaluation, ModelBundle bundle) {}

  /**
   * @param scoreImages validation images scored after training (null: none); it never influences
   *     training or early stopping
   */
  public static Outcome run(
      TrainOptions options, ImageSource scoreImages, TrainingListener listener) throws IOException {
    TrainResult result = new Training(options, listener).run();
    ModelBundle bundle = result.bundle();
    Path out = options.output();
    Plots.lossCurve(result.history(), bundle.modelId(), out.resolve(LOSS_CURVE_FILE));
    Evaluation.Report evaluation = null;
    ImageSet gridImages;
    if (scoreImages != null) {
      ImageSet validation = scoreImages.read(0, listener.readProgress()).images();
      listener.message("evaluating on " + validation.size() + " validation images ...");
      evaluation =
          Evaluation.run(bundle, validation, scoreImages.displayName(), bundle.defaultEncoding());
      bundle = bundle.withEvaluation(Reports.asMap(evaluation));
      listener.message(Reports.table(evaluation));
      gridImages = validation;
    } else {
      gridImages = options.trainImages().get(0).readImages(32);
    }
    Plots.reconstructionGrid(bundle, gridImages, 32, out.resolve(GRID_FILE));
    Reports.writeJson(metrics(result, evaluation, bundle), out.resolve(METRICS_FILE));
    return new Outcome(result, evaluation, bundle);
  }

  static Map<String, Object> metrics(
      TrainResult result, Evaluation.Report evaluation, ModelBundle bundle) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("modelId", bundle.modelId());
    m.put("training", bundle.manifest().training());
    m.put("dataset", bundle.manifest().dataset());
    m.put("history", result.history());
    m.put("totalSeconds", result.seconds());
    if (evaluation != null) {
      m.put("evaluation", Reports.asMap(evaluation));
    }
    return m;
  }
}
