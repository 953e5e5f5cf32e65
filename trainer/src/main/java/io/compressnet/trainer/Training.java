package io.compressnet.trainer;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.compressnet.codec.bundle.BundleManifest;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.imaging.quant.AffineInt8Quantizer;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Trains one autoencoder: Adam on pixel MSE with quantization noise on the latent, cosine
 * learning-rate schedule, early stopping on the held-out loss, best weights kept; then fits the
 * INT8 quantizer on training latents and writes the bundle.
 *
 * <p>This class holds the run's stages in order. The epochs are in {@link EpochLoop}, the kept
 * weights in {@link BestWeights}, starting weights in {@link WarmStart}, the quantizer and entropy
 * table fits in {@link LatentFits} and the manifest in {@link TrainedManifest}.
 *
 * <p>The caller must have run the gradient self-check (see {@link SafeEngine}) and set the PyTorch
 * thread properties before the first DJL call.
 */
public final class Training {

  /** Images per forward pass where no gradient is taken (held-out loss, latent fits). */
  static final int EVAL_BATCH = 512;

  private final TrainOptions options;
  private final TrainingListener listener;

  public Training(TrainOptions options, TrainingListener listener) {
    this.options = options;
    this.listener = listener;
  }

  public TrainResult run() throws IOException {
    long start = System.nanoTime();
    TrainingData data = TrainingData.load(options, listener.readProgress());
    ModelSpec spec =
        new ModelSpec(
            options.architecture(),
            data.width(),
            data.height(),
            options.latentDims(),
            data.channels());
    announce(spec, data);
    Files.createDirectories(options.output());
    BestWeights best = BestWeights.in(options.output().resolve(".best"));
    // Seed the engine too: weight initialization and latent noise come from its generator, so a
    // run is repeatable from its seed (the split and the sampling use their own Random).
    Engine.getInstance().setRandomSeed((int) options.seed());
    float[][] targets = distillationTargets(data);
    Autoencoder autoencoder =
        new Autoencoder(spec, options.latentNoise(), options.rateTrained(), targets != null);
    try (Model model = Model.newInstance("compressnet-train")) {
      model.setBlock(autoencoder);
      CosineSchedule schedule = schedule(EpochLoop.stepsPerEpoch(options, data));
      try (Trainer trainer = model.newTrainer(trainingConfig(schedule))) {
        trainer.initialize(spec.inputShape(options.batchSize()));
        new WarmStart(options, spec, listener).apply(autoencoder, trainer.getManager());
        EpochLoop.Outcome outcome =
            new EpochLoop(options, listener, data, spec, trainer, schedule, targets)
                .run(autoencoder, best);
        best.restore(autoencoder, trainer.getManager());
        ModelBundle bundle = writeBundle(autoencoder, trainer.getManager(), data, spec, outcome);
        best.delete();
        double total = (System.nanoTime() - start) / 1e9;
        listener.message(
            String.format(
                "wrote %s (%s, best epoch %d, %.1f min)",
                bundle.modelId(), outcome.stopReason(), outcome.bestEpoch(), total / 60));
        return new TrainResult(
            bundle, outcome.history(), outcome.bestEpoch(), outcome.stopReason(), total);
      }
    }
  }

  /** The teacher's refined latents of the training images, or null without distillation. */
  private float[][] distillationTargets(TrainingData data) {
    if (!options.distillation().enabled()) {
      return null;
    }
    return DistillationTargets.compute(
        options.decoderFrom(), data.trainImages(), options.distillation(), listener);
  }

  private void announce(ModelSpec spec, TrainingData data) {
    listener.message(
        String.format(
            "training %s on %d images (%s), validating on %d, %d threads",
            spec,
            data.trainImages().length,
            data.labelled()
                ? "class-balanced sampling, alpha=" + options.classBalance()
                : "uniform sampling",
            data.validationImages().length,
            options.threads()));
  }

  private CosineSchedule schedule(int stepsPerEpoch) {
    return new CosineSchedule(
        options.learningRate(),
        options.minLearningRate(),
        (long) stepsPerEpoch * options.epochs(),
        options.maxMinutes());
  }

  private static DefaultTrainingConfig trainingConfig(CosineSchedule schedule) {
    return new DefaultTrainingConfig(Loss.l2Loss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(schedule).build());
  }

  /** Fits the INT8 grid, writes the bundle and, for a rate-trained model, its entropy tables. */
  private ModelBundle writeBundle(
      Autoencoder autoencoder,
      NDManager manager,
      TrainingData data,
      ModelSpec spec,
      EpochLoop.Outcome outcome) {
    LatentFits fits = new LatentFits(options, listener, data, spec);
    AffineInt8Quantizer quantizer = fits.fitQuantizer(autoencoder.encoder(), manager);
    BundleManifest draft = TrainedManifest.draft(options, spec, data, outcome, quantizer);
    ModelBundle bundle =
        ModelBundle.save(options.output(), draft, autoencoder.encoder(), autoencoder.decoder());
    // A rate-trained model exists to send coded latents: give it its tables now.
    return options.rateTrained() ? fits.fitTables(bundle) : bundle;
  }
}
