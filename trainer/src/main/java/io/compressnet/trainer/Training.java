package io.compressnet.trainer;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.compressnet.codec.bundle.BundleManifest;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.EntropyTableFit;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.imaging.quant.AffineInt8Quantizer;
import io.compressnet.imaging.quant.Encoding;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one autoencoder: Adam on pixel MSE with quantization noise on the latent, cosine
 * learning-rate schedule, early stopping on the held-out loss, best weights kept; then fits the
 * INT8 quantizer on training latents and writes the bundle.
 *
 * <p>The caller must have run the gradient self-check (see {@link SafeEngine}) and set the PyTorch
 * thread properties before the first DJL call.
 */
public final class Training {

  private static final Logger LOG = LoggerFactory.getLogger(Training.class);
  private static final int EVAL_BATCH = 512;
  private static final long REPORT_INTERVAL_NANOS = 2_000_000_000L;
  private static final int QUANTIZER_FIT_IMAGES = 20_000;
  private static final double QUANTIZER_LOW_PERCENTILE = 0.05;
  private static final double QUANTIZER_HIGH_PERCENTILE = 99.95;

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
    Path output = options.output();
    Files.createDirectories(output);
    Path best = output.resolve(".best");
    Files.createDirectories(best);

    List<EpochStats> history = new ArrayList<>();
    int bestEpoch = 0;
    String stopReason;
    // Seed the engine too: weight initialization and latent noise come from its generator, so a
    // run is repeatable from its seed (the split and the sampling use their own Random).
    Engine.getInstance().setRandomSeed((int) options.seed());
    Autoencoder autoencoder = new Autoencoder(spec, options.latentNoise(), options.rateTrained());
    try (Model model = Model.newInstance("compressnet-train")) {
      model.setBlock(autoencoder);
      int stepsPerEpoch = Math.max(1, data.trainImages().length / options.batchSize());
      CosineSchedule schedule =
          new CosineSchedule(
              options.learningRate(),
              options.minLearningRate(),
              (long) stepsPerEpoch * options.epochs(),
              options.maxMinutes());
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.l2Loss())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(schedule).build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(spec.inputShape(options.batchSize()));
        if (options.initFrom() != null) {
          startFrom(options.initFrom(), spec, autoencoder, trainer.getManager());
        }
        if (options.decoderFrom() != null) {
          takeDecoder(options.decoderFrom(), spec, autoencoder, trainer.getManager());
        }
        Random random = new Random(options.seed());
        double[] weights = data.cumulativeClassWeights(options.classBalance());
        double bestLoss = Double.POSITIVE_INFINITY;
        long step = 0;
        stopReason = "completed " + options.epochs() + " epochs";
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
          long epochStart = System.nanoTime();
          int[] indices = data.epochIndices(weights, random);
          double lossSum = 0;
          int seen = 0;
          long lastReport = epochStart;
          listener.epochStarted(epoch, stepsPerEpoch);
          for (int s = 0; s < stepsPerEpoch; s++, step++) {
            int from = s * options.batchSize();
            int to = Math.min(indices.length, from + options.batchSize());
            lossSum +=
                trainStep(trainer, data, indices, from, to, spec, options.rateWeight())
                    * (to - from);
            seen += to - from;
            if (System.nanoTime() - lastReport > REPORT_INTERVAL_NANOS || s == stepsPerEpoch - 1) {
              lastReport = System.nanoTime();
              double secs = (System.nanoTime() - epochStart) / 1e9;
              listener.progress(epoch, s + 1, lossSum / seen, schedule.rate(step), seen / secs);
            }
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
          double seconds = (System.nanoTime() - epochStart) / 1e9;
          double validation =
              validationLoss(trainer, data.validationImages(), spec, options.rateWeight());
          EpochStats stats =
              new EpochStats(
                  epoch, lossSum / seen, validation, schedule.rate(step), seconds, seen / seconds);
          history.add(stats);
          boolean improved = validation < bestLoss;
          if (improved) {
            bestLoss = validation;
            bestEpoch = epoch;
            saveBlocks(autoencoder, best);
          }
          listener.epochFinished(stats, improved);
          if (epoch - bestEpoch >= options.patience()) {
            stopReason = "early stop: no improvement for " + options.patience() + " epochs";
            break;
          }
          if (schedule.progress(step) >= 1.0 && epoch < options.epochs()) {
            stopReason = "time budget of " + options.maxMinutes() + " min used";
            break;
          }
        }
        loadBlocks(autoencoder, best, trainer.getManager());
        AffineInt8Quantizer quantizer =
            fitQuantizer(autoencoder.encoder(), trainer.getManager(), data, spec);
        BundleManifest draft = draftManifest(spec, data, history, bestEpoch, stopReason, quantizer);
        ModelBundle bundle =
            ModelBundle.save(output, draft, autoencoder.encoder(), autoencoder.decoder());
        if (options.rateTrained()) {
          // A rate-trained model exists to send coded latents: give it its tables now.
          bundle = fitTables(bundle, data, spec);
        }
        deleteRecursively(best);
        double total = (System.nanoTime() - start) / 1e9;
        listener.message(
            String.format(
                "wrote %s (%s, best epoch %d, %.1f min)",
                bundle.modelId(), stopReason, bestEpoch, total / 60));
        return new TrainResult(bundle, history, bestEpoch, stopReason, total);
      }
    }
  }

  private static double trainStep(
      Trainer trainer,
      TrainingData data,
      int[] indices,
      int from,
      int to,
      ModelSpec spec,
      float rateWeight) {
    byte[][] images = data.trainImages();
    byte[][] chosen = new byte[to - from][];
    for (int i = from; i < to; i++) {
      chosen[i - from] = images[indices[i]];
    }
    float[] pixels =
        ImageSet.toUnitFloats(chosen, 0, chosen.length, spec.pixels(), spec.channels());
    try (NDManager batch = trainer.getManager().newSubManager()) {
      NDArray x = batch.create(pixels, spec.inputShape(to - from));
      double loss;
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList out = trainer.forward(new NDList(x));
        NDArray objective = withRate(out.get(0).sub(x).square().mean(), out, spec, rateWeight);
        collector.backward(objective);
        loss = objective.getFloat();
      }
      trainer.step();
      return loss;
    }
  }

  /**
   * {@code mse}, plus {@code rateWeight} times the prior's bits per latent value when the network
   * has a prior (its forward pass then returns the bits second).
   */
  private static NDArray withRate(NDArray mse, NDList out, ModelSpec spec, float rateWeight) {
    if (rateWeight <= 0 || out.size() < 2) {
      return mse;
    }
    return mse.add(out.get(1).mean().mul(rateWeight / spec.values()));
  }

  private ModelBundle fitTables(ModelBundle bundle, TrainingData data, ModelSpec spec) {
    byte[][] images = data.trainImages();
    byte[][] fitOn = Arrays.copyOf(images, Math.min(QUANTIZER_FIT_IMAGES, images.length));
    EntropyTableFit.Result tables =
        EntropyTableFit.fitAndWrite(
            bundle,
            new ImageSet(fitOn, spec.width(), spec.height(), spec.channels()),
            bundle.directory());
    listener.message(
        String.format(
            Locale.ROOT,
            "entropy tables fitted on %d training images: %.2f B per latent as INT8_RANGE",
            tables.images(),
            tables.meanMessageBytes()));
    return tables.bundle();
  }

  static double validationLoss(Trainer trainer, byte[][] images, ModelSpec spec) {
    return validationLoss(trainer, images, spec, 0f);
  }

  /** Mean held-out loss: MSE, plus the rate term of a rate-trained network. */
  static double validationLoss(Trainer trainer, byte[][] images, ModelSpec spec, float rateWeight) {
    double sum = 0;
    for (int from = 0; from < images.length; from += EVAL_BATCH) {
      int to = Math.min(images.length, from + EVAL_BATCH);
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

  /**
   * Fits the INT8 grid on the trained encoder's latents. These come from the training block, not
   * from the services' {@code BatchEncoder}: that one is built from a bundle, and a bundle does not
   * load without the grid this fit makes ({@code ModelBundle.load} refuses a manifest without one).
   * The entropy tables, fitted once the bundle exists, do go through {@code BatchEncoder} ({@link
   * EntropyTableFit}).
   */
  private AffineInt8Quantizer fitQuantizer(
      Block encoder, NDManager manager, TrainingData data, ModelSpec spec) {
    byte[][] images = data.trainImages();
    int count = Math.min(QUANTIZER_FIT_IMAGES, images.length);
    float[][] latents = new float[count][];
    ParameterStore store = new ParameterStore(manager, false);
    for (int from = 0; from < count; from += EVAL_BATCH) {
      int to = Math.min(count, from + EVAL_BATCH);
      try (NDManager batch = manager.newSubManager()) {
        NDArray x =
            batch.create(
                ImageSet.toUnitFloats(images, from, to, spec.pixels(), spec.channels()),
                spec.inputShape(to - from));
        float[] flat =
            encoder.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
        for (int i = from; i < to; i++) {
          latents[i] = new float[spec.latentDims()];
          System.arraycopy(flat, (i - from) * spec.latentDims(), latents[i], 0, spec.latentDims());
        }
      }
    }
    return options.rateTrained()
        ? AffineInt8Quantizer.fitStep(latents, options.latentNoise())
        : AffineInt8Quantizer.fit(latents, QUANTIZER_LOW_PERCENTILE, QUANTIZER_HIGH_PERCENTILE);
  }

  private BundleManifest draftManifest(
      ModelSpec spec,
      TrainingData data,
      List<EpochStats> history,
      int bestEpoch,
      String stopReason,
      AffineInt8Quantizer quantizer) {
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put(
        "trainFiles", options.trainImages().stream().map(ImageSource::displayName).toList());
    dataset.put("trainImages", data.trainImages().length);
    dataset.put(
        "validation",
        options.validationImages() == null
            ? "held-out " + options.validationFraction() + " of the training files"
            : options.validationImages().displayName());
    dataset.put("validationImages", data.validationImages().length);
    dataset.put("classBalance", data.labelled() ? options.classBalance() : null);
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("epochs", history.size());
    training.put("bestEpoch", bestEpoch);
    training.put("stopReason", stopReason);
    training.put("batchSize", options.batchSize());
    training.put("learningRate", options.learningRate());
    training.put("minLearningRate", options.minLearningRate());
    training.put("seed", options.seed());
    training.put("latentNoise", options.latentNoise());
    if (options.rateTrained()) {
      training.put("rateWeight", options.rateWeight());
    }
    if (options.decoderFrom() != null) {
      training.put("decoderFrom", options.decoderFrom().getFileName().toString());
    }
    EpochStats bestStats = history.get(bestEpoch - 1);
    training.put("trainLoss", bestStats.trainLoss());
    training.put("validationLoss", bestStats.validationLoss());
    training.put("seconds", history.stream().mapToDouble(EpochStats::seconds).sum());
    String name =
        options.name() != null
            ? options.name()
            : ModelBundle.defaultName(
                options.trainImages().get(0).datasetName(), spec, options.encoding());
    return new BundleManifest(
        BundleManifest.CURRENT_FORMAT_VERSION,
        name,
        spec.architecture().shortName(),
        spec.width(),
        spec.height(),
        spec.latentDims(),
        BundleManifest.channelsField(spec.channels()),
        (options.rateTrained() ? Encoding.INT8_RANGE : options.encoding()).name(),
        new BundleManifest.Quantization(quantizer.min(), quantizer.scale()),
        dataset,
        training,
        null,
        null);
  }

  /**
   * Copies a bundle's weights into the network being trained, value by value: the trainer's
   * parameter store and the optimizer hold the existing arrays, so replacing them (as {@code
   * loadParameters} does) would leave training on the fresh initialization.
   */
  private void startFrom(Path bundleDir, ModelSpec spec, Autoencoder autoencoder, NDManager manager)
      throws IOException {
    ModelBundle start = ModelBundle.load(bundleDir);
    if (!start.spec().equals(spec)) {
      throw new IllegalArgumentException(
          "cannot start from "
              + start.modelId()
              + ": it is "
              + start.spec()
              + ", this run is "
              + spec);
    }
    try (NDManager scratch = manager.newSubManager()) {
      copyValues(start.newEncoderBlock(scratch), autoencoder.encoder());
      copyValues(start.newDecoderBlock(scratch), autoencoder.decoder());
    }
    listener.message("starting from the weights of " + start.modelId());
  }

  /**
   * Copies a bundle's decoder into the network and freezes it: its weights get no gradient, so the
   * optimizer leaves them as they are and only the encoder learns.
   */
  private void takeDecoder(
      Path bundleDir, ModelSpec spec, Autoencoder autoencoder, NDManager manager) {
    ModelBundle source = ModelBundle.load(bundleDir);
    ModelSpec theirs = source.spec();
    boolean sameDecoder =
        theirs.architecture().decoderDesign() == spec.architecture().decoderDesign()
            && theirs.width() == spec.width()
            && theirs.height() == spec.height()
            && theirs.latentDims() == spec.latentDims()
            && theirs.channels() == spec.channels();
    if (!sameDecoder) {
      throw new IllegalArgumentException(
          "cannot take the decoder of "
              + source.modelId()
              + ": it is "
              + theirs
              + ", this run needs the decoder of "
              + spec);
    }
    try (NDManager scratch = manager.newSubManager()) {
      copyValues(source.newDecoderBlock(scratch), autoencoder.decoder());
    }
    autoencoder.decoder().freezeParameters(true);
    listener.message("training the encoder only, for the fixed decoder of " + source.modelId());
  }

  private static void copyValues(Block from, Block to) {
    var source = from.getParameters();
    var target = to.getParameters();
    for (int i = 0; i < target.size(); i++) {
      target.get(i).getValue().getArray().set(source.get(i).getValue().getArray().toByteBuffer());
    }
  }

  private static void saveBlocks(Autoencoder autoencoder, Path dir) throws IOException {
    save(autoencoder.encoder(), dir.resolve(ModelBundle.ENCODER_FILE));
    save(autoencoder.decoder(), dir.resolve(ModelBundle.DECODER_FILE));
  }

  private static void save(Block block, Path file) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      block.saveParameters(out);
    }
  }

  private static void loadBlocks(Autoencoder autoencoder, Path dir, NDManager manager)
      throws IOException {
    load(autoencoder.encoder(), dir.resolve(ModelBundle.ENCODER_FILE), manager);
    load(autoencoder.decoder(), dir.resolve(ModelBundle.DECODER_FILE), manager);
  }

  private static void load(Block block, Path file, NDManager manager) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      block.loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException("cannot reload best weights from " + file, e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
