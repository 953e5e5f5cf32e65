package io.compressnet.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.imaging.data.ImageSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The epochs of one run: Adam steps over sampled batches, the held-out loss after each epoch, the
 * best weights kept, early stopping; separate so {@link Training} reads as the run's stages.
 */
final class EpochLoop {
  private static final long REPORT_INTERVAL_NANOS = 2_000_000_000L;

  /** How the loop ended: every epoch's numbers, the epoch whose weights were kept, and why. */
  record Outcome(List<EpochStats> history, int bestEpoch, String stopReason) {}

  private final TrainOptions options;
  private final TrainingListener listener;
  private final TrainingData data;
  private final ModelSpec spec;
  private final Trainer trainer;
  private final CosineSchedule schedule;
  private final int stepsPerEpoch;
  private final Augmentation augmentation;

  /** Each training image's refined latent (by index into the training images), or null. */
  private final float[][] distillationTargets;

  /** Optimizer steps so far, over all epochs: the clock the learning-rate schedule runs on. */
  private long step;

  EpochLoop(
      TrainOptions options,
      TrainingListener listener,
      TrainingData data,
      ModelSpec spec,
      Trainer trainer,
      CosineSchedule schedule,
      float[][] distillationTargets) {
    this.options = options;
    this.listener = listener;
    this.data = data;
    this.spec = spec;
    this.trainer = trainer;
    this.schedule = schedule;
    this.stepsPerEpoch = stepsPerEpoch(options, data);
    // Its own random stream, so the batches drawn are the same with or without augmentation.
    this.augmentation = new Augmentation(options.augmentation(), options.seed() + 1);
    this.distillationTargets = distillationTargets;
  }

  /** Whole batches per epoch (at least one): the schedule is planned from this too. */
  static int stepsPerEpoch(TrainOptions options, TrainingData data) {
    return Math.max(1, data.trainImages().length / options.batchSize());
  }

  /** Trains until the epochs, the patience or the time budget run out; saves each best epoch. */
  Outcome run(Autoencoder autoencoder, BestWeights best) throws IOException {
    Random random = new Random(options.seed());
    double[] weights = data.cumulativeClassWeights(options.classBalance());
    List<EpochStats> history = new ArrayList<>();
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    for (int epoch = 1; epoch <= options.epochs(); epoch++) {
      EpochStats stats = epoch(epoch, weights, random);
      history.add(stats);
      boolean improved = stats.validationLoss() < bestLoss;
      if (improved) {
        bestLoss = stats.validationLoss();
        bestEpoch = epoch;
        best.save(autoencoder);
      }
      listener.epochFinished(stats, improved);
      String stopReason = reasonToStopAfter(epoch, bestEpoch);
      if (stopReason != null) {
        return new Outcome(history, bestEpoch, stopReason);
      }
    }
    return new Outcome(history, bestEpoch, "completed " + options.epochs() + " epochs");
  }

  /** Why to stop before the planned epochs are done, or null to go on. */
  private String reasonToStopAfter(int epoch, int bestEpoch) {
    if (epoch - bestEpoch >= options.patience()) {
      return "early stop: no improvement for " + options.patience() + " epochs";
    }
    if (schedule.progress(step) >= 1.0 && epoch < options.epochs()) {
      return "time budget of " + options.maxMinutes() + " min used";
    }
    return null;
  }

  private EpochStats epoch(int epoch, double[] weights, Random random) {
    long epochStart = System.nanoTime();
    int[] indices = data.epochIndices(weights, random);
    double lossSum = 0;
    int seen = 0;
    long lastReport = epochStart;
    listener.epochStarted(epoch, stepsPerEpoch);
    for (int s = 0; s < stepsPerEpoch; s++, step++) {
      int from = s * options.batchSize();
      int to = Math.min(indices.length, from + options.batchSize());
      lossSum += trainStep(indices, from, to) * (to - from);
      seen += to - from;
      if (System.nanoTime() - lastReport > REPORT_INTERVAL_NANOS || s == stepsPerEpoch - 1) {
        lastReport = System.nanoTime();
        double secs = (System.nanoTime() - epochStart) / 1e9;
        listener.progress(epoch, s + 1, lossSum / seen, schedule.rate(step), seen / secs);
      }
      requireFinite(lossSum);
    }
    double seconds = (System.nanoTime() - epochStart) / 1e9;
    double validation =
        validationLoss(trainer, data.validationImages(), spec, options.rateWeight());
    return new EpochStats(
        epoch, lossSum / seen, validation, schedule.rate(step), seconds, seen / seconds);
  }

  private void requireFinite(double lossSum) {
    if (!Double.isFinite(lossSum)) {
      throw new IllegalStateException(
          "training loss became "
              + lossSum
              + " at step "
              + step
              + ": gradients are wrong (see the gradient self-check) or the learning rate"
              + " is too high");
    }
  }

  /** One optimizer step on the images {@code indices[from..to)}; returns the batch's loss. */
  private double trainStep(int[] indices, int from, int to) {
    byte[][] images = data.trainImages();
    byte[][] chosen = new byte[to - from][];
    for (int i = from; i < to; i++) {
      chosen[i - from] = images[indices[i]];
    }
    byte[][] distorted = augmentation.apply(chosen, spec.width(), spec.height(), spec.channels());
    float[] pixels =
        ImageSet.toUnitFloats(distorted, 0, distorted.length, spec.pixels(), spec.channels());
    try (NDManager batch = trainer.getManager().newSubManager()) {
      NDArray x = batch.create(pixels, spec.inputShape(to - from));
      double loss;
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList out = trainer.forward(new NDList(x));
        NDArray objective =
            withRate(out.get(0).sub(x).square().mean(), out, spec, options.rateWeight());
        if (distillationTargets != null) {
          objective = objective.add(distillationTerm(out, indices, from, to, batch));
        }
        collector.backward(objective);
        loss = objective.getFloat();
      }
      trainer.step();
      return loss;
    }
  }

  /** The distillation weight times the mean squared distance of the clean latents to targets. */
  private NDArray distillationTerm(NDList out, int[] indices, int from, int to, NDManager batch) {
    int dims = spec.latentDims();
    float[] wanted = new float[(to - from) * dims];
    for (int i = from; i < to; i++) {
      System.arraycopy(distillationTargets[indices[i]], 0, wanted, (i - from) * dims, dims);
    }
    NDArray latent = out.get(Autoencoder.LATENT_OUTPUT);
    NDArray target = batch.create(wanted, latent.getShape());
    return latent.sub(target).square().mean().mul(options.distillation().weight());
  }

  /**
   * {@code mse}, plus {@code rateWeight} times the prior's bits per latent value when the network
   * has a prior (its forward pass then returns the bits second).
   */
  private static NDArray withRate(NDArray mse, NDList out, ModelSpec spec, float rateWeight) {
    if (rateWeight <= 0 || !out.contains(Autoencoder.BITS_OUTPUT)) {
      return mse;
    }
    return mse.add(out.get(Autoencoder.BITS_OUTPUT).mean().mul(rateWeight / spec.values()));
  }

  static double validationLoss(Trainer trainer, byte[][] images, ModelSpec spec) {
    return validationLoss(trainer, images, spec, 0f);
  }

  /** Mean held-out loss: MSE, plus the rate term of a rate-trained network. */
  static double validationLoss(Trainer trainer, byte[][] images, ModelSpec spec, float rateWeight) {
    double sum = 0;
    for (int from = 0; from < images.length; from += Training.EVAL_BATCH) {
      int to = Math.min(images.length, from + Training.EVAL_BATCH);
      float[] pixels = ImageSet.toUnitFloats(images, from, to, spec.pixels(), spec.channels());
      try (NDManager batch = trainer.getManager().newSubManager()) {
        NDArray x = batch.create(pixels, spec.inputShape(to - from));
        NDList out = trainer.evaluate(new NDList(x));
        sum +=
            withRate(out.get(0).sub(x).square().mean(), out, spec, rateWeight).getFloat()
                * (to - from);
      }
    }
    return sum / images.length;
  }
}
