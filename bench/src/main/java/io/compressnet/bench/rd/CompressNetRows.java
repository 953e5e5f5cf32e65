package io.compressnet.bench.rd;

import io.compressnet.bench.Network;
import io.compressnet.bench.pipeline.Stats;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.trainer.Evaluation;
import io.compressnet.trainer.InferenceSpeed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A bundle's rows: each fixed-length encoding through the trainer's split path, the range-coded
 * INT8 codes at several grid steps with zstd batches beside them, and with encoder refinement on,
 * the same rows refined (series ending in {@value #REFINED}).
 *
 * @param train fitting images of the range coder, or null (then no range-coded rows)
 * @param print called on every row as it is measured, for progress
 */
record CompressNetRows(
    ImageSet images,
    String imagesName,
    ImageSet train,
    Refinement refinement,
    UnaryOperator<RdPoint> print) {

  static final int SPEED_BATCH = 256;
  static final int[] STEPS = {1, 2, 4, 8, 16};
  static final String REFINED = ", refined";
  private static final int PASSES = 5;

  List<RdPoint> measure(ModelBundle bundle) {
    List<RdPoint> points = new ArrayList<>();
    InferenceSpeed.Figures speed = InferenceSpeed.measure(bundle, images, SPEED_BATCH);
    Rates.Speeds rates = new Rates.Speeds(speed.encodePerSecond(), speed.decodePerSecond());
    Rates.Speeds refinedRates =
        refinement.enabled()
            ? new Rates.Speeds(refinedEncodesPerSecond(bundle), speed.decodePerSecond())
            : null;
    for (Encoding encoding : Encoding.values()) {
      if (encoding == Encoding.INT8_RANGE) {
        // Only a bundle with its own tables sends INT8_RANGE; the "+ range coder" rows below fit
        // tables of their own, so they also cover bundles without any.
        bundle.rangeCoder().ifPresent(coder -> points.add(print.apply(asSent(bundle, rates))));
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
        points.add(print.apply(refined(row, refinement)));
      }
    }
    if (train != null) {
      rangeCoded(bundle, Refinement.NONE, rates, true).forEach(p -> points.add(print.apply(p)));
      if (refinement.enabled()) {
        // No zstd rows: batch-level figures, which the summary leaves out anyway.
        rangeCoded(bundle, refinement, refinedRates, false)
            .forEach(p -> points.add(print.apply(refined(p, refinement))));
      }
    }
    return points;
  }

  /**
   * The bundle's {@code INT8_RANGE} messages exactly as the encoder service sends them (the
   * bundle's own tables, INT8 where the code is not shorter) and as the decoder service reads them:
   * bytes are the mean payload, at most the fixed-length INT8 size.
   */
  private RdPoint asSent(ModelBundle bundle, Rates.Speeds rates) {
    Evaluation.PathScores s =
        Evaluation.run(bundle, images, imagesName, Encoding.INT8_RANGE, Refinement.NONE).split();
    return splitRow(
        bundle,
        Encoding.INT8_RANGE,
        s,
        rates,
        "as the services send it: the bundle's own tables (entropy.bin), INT8 where not shorter;"
            + " speed is the network's only");
  }

  /** {@code p} relabelled as measured with {@code refinement}: series, setting and note. */
  static RdPoint refined(RdPoint p, Refinement refinement) {
    return p.with(
        p.series() + REFINED,
        p.setting() + ", " + refinement.describe().replaceFirst(" step", " refinement step"),
        p.bytesPerImage(),
        p.maxBytes(),
        "encoder refines each latent through the decoder; encode speed with refinement on"
            + (p.note() == null ? "" : "; " + p.note()));
  }

  /**
   * A split-path row: bytes are the mean message payload (the fixed length for a fixed-length
   * encoding), the maximum is the fixed-length size.
   */
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
        s.meanMessageBytes(),
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

  /**
   * Range-coded rows of the bundle's latents, encoded with {@code with} (fitting ones too) by a
   * FLOAT32 encoder as the services run it: refined latents are not held inside the INT8
   * quantizer's range as an INT8 encoder's are, values outside are clamped by the grid.
   */
  private List<RdPoint> rangeCoded(
      ModelBundle bundle, Refinement with, Rates.Speeds rates, boolean withZstd) {
    try (Network network = new Network(bundle, Encoding.FLOAT32, SPEED_BATCH, with)) {
      float[][] trainLatents = network.encodeFloats(Arrays.asList(train.images()));
      float[][] evalLatents = network.encodeFloats(Arrays.asList(images.images()));
      return new LatentRd(
              RdSummary.COMPRESSNET,
              bundle.modelId(),
              bundle.quantizer(),
              latents -> network.decodeFloats(Arrays.asList(latents)),
              trainLatents,
              evalLatents,
              images,
              rates)
          .run(STEPS, withZstd);
    }
  }

  /**
   * Images per second through a {@link BatchEncoder} with refinement (INT8 packing, passes of
   * {@value #SPEED_BATCH} images): the median of {@value #PASSES} timed calls after a warm-up call,
   * like the network-only figure of the unrefined rows.
   */
  private double refinedEncodesPerSecond(ModelBundle bundle) {
    int n = Math.min(SPEED_BATCH, images.size());
    List<byte[]> sample = Arrays.asList(images.images()).subList(0, n);
    double[] rates = new double[PASSES];
    try (BatchEncoder encoder = new BatchEncoder(bundle, Encoding.INT8, SPEED_BATCH, refinement)) {
      for (int pass = -1; pass < PASSES; pass++) {
        long t0 = System.nanoTime();
        encoder.encode(sample);
        if (pass >= 0) {
          rates[pass] = n / ((System.nanoTime() - t0) / 1e9);
        }
      }
    }
    return Stats.median(rates);
  }
}
