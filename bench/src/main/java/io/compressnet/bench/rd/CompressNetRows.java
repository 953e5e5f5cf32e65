package io.compressnet.bench.rd;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.trainer.Evaluation;
import io.compressnet.trainer.InferenceSpeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A bundle's rows: each fixed-length encoding through the trainer's split path, the range-coded
 * INT8 codes at several grid steps with zstd batches beside them, and with encoder refinement on,
 * the same rows refined.
 */
final class CompressNetRows {

  static final int SPEED_BATCH = 256;
  static final int[] STEPS = {1, 2, 4, 8, 16};

  private final ImageSet images;
  private final String imagesName;
  private final ImageSet train;
  private final Refinement refinement;
  private final UnaryOperator<RdPoint> print;

  /**
   * @param train fitting images of the range coder, or null (then no range-coded rows)
   * @param print called on every row as it is measured, for progress
   */
  CompressNetRows(
      ImageSet images,
      String imagesName,
      ImageSet train,
      Refinement refinement,
      UnaryOperator<RdPoint> print) {
    this.images = images;
    this.imagesName = imagesName;
    this.train = train;
    this.refinement = refinement;
    this.print = print;
  }

  List<RdPoint> measure(ModelBundle bundle) {
    List<RdPoint> points = new ArrayList<>();
    InferenceSpeed.Figures speed = InferenceSpeed.measure(bundle, images, SPEED_BATCH);
    Rates.Speeds rates = new Rates.Speeds(speed.encodePerSecond(), speed.decodePerSecond());
    Rates.Speeds refinedRates =
        refinement.enabled()
            ? new Rates.Speeds(
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
              imagesName,
              encoding,
              encoding == Encoding.INT8 ? refinement : Refinement.NONE);
      String note =
          String.format(
              Locale.ROOT,
              "fixed-length latent; whole autoencoder in memory: %.2f dB",
              report.autoencoder().aggregatePsnr());
      points.add(print.apply(splitRow(bundle, encoding, report.split(), rates, note)));
      if (report.refined() != null) {
        RdPoint row =
            splitRow(bundle, encoding, report.refined(), refinedRates, "fixed-length latent");
        points.add(print.apply(RefinedRows.label(row, refinement)));
      }
    }
    if (train != null) {
      rangeCoded(bundle, Refinement.NONE, rates, true).forEach(p -> points.add(print.apply(p)));
      if (refinement.enabled()) {
        // No zstd rows: batch-level figures, which the summary leaves out anyway.
        rangeCoded(bundle, refinement, refinedRates, false)
            .forEach(p -> points.add(print.apply(RefinedRows.label(p, refinement))));
      }
    }
    return points;
  }

  private static RdPoint splitRow(
      ModelBundle bundle,
      Encoding encoding,
      Evaluation.PathScores s,
      Rates.Speeds rates,
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

  /** Range-coded rows of the bundle's latents, encoded with {@code with} (fitting ones too). */
  private List<RdPoint> rangeCoded(
      ModelBundle bundle, Refinement with, Rates.Speeds rates, boolean withZstd) {
    try (CompressNetLatents codec = new CompressNetLatents(bundle, with)) {
      float[][] trainLatents = codec.encode(train);
      float[][] evalLatents = codec.encode(images);
      return new LatentRd(RdSummary.COMPRESSNET, codec, trainLatents, evalLatents, images, rates)
          .run(STEPS, withZstd);
    }
  }
}
