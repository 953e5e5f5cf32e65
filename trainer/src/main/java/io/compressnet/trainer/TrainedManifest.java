package io.compressnet.trainer;

import io.compressnet.codec.bundle.BundleManifest;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.imaging.quant.AffineInt8Quantizer;
import io.compressnet.imaging.quant.Encoding;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The manifest a training run writes into its bundle: what it was trained on and how; separate
 * because it is a record of the run, built once training is over, and touches no network.
 */
final class TrainedManifest {

  private TrainedManifest() {}

  /**
   * The manifest without the evaluation (a later step adds it) and the parameter hash ({@code
   * ModelBundle.save} computes it from the written weights).
   */
  static BundleManifest draft(
      TrainOptions options,
      ModelSpec spec,
      TrainingData data,
      EpochLoop.Outcome outcome,
      AffineInt8Quantizer quantizer) {
    Map<String, Object> dataset = dataset(options, data);
    Map<String, Object> training = training(options, outcome);
    return new BundleManifest(
        BundleManifest.CURRENT_FORMAT_VERSION,
        name(options, spec),
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

  private static String name(TrainOptions options, ModelSpec spec) {
    return options.name() != null
        ? options.name()
        : ModelBundle.defaultName(
            options.trainImages().get(0).datasetName(), spec, options.encoding());
  }

  private static Map<String, Object> dataset(TrainOptions options, TrainingData data) {
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
    return dataset;
  }

  private static Map<String, Object> training(TrainOptions options, EpochLoop.Outcome outcome) {
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("epochs", outcome.history().size());
    training.put("bestEpoch", outcome.bestEpoch());
    training.put("stopReason", outcome.stopReason());
    training.put("batchSize", options.batchSize());
    training.put("learningRate", options.learningRate());
    training.put("minLearningRate", options.minLearningRate());
    training.put("seed", options.seed());
    training.put("latentNoise", options.latentNoise());
    if (options.rateTrained()) {
      training.put("rateWeight", options.rateWeight());
    }
    if (options.augmentation() > 0) {
      training.put("augmentation", options.augmentation());
    }
    if (options.distillation().enabled()) {
      training.put("distillSteps", options.distillation().steps());
      training.put("distillWeight", options.distillation().weight());
    }
    if (options.decoderFrom() != null) {
      training.put("decoderFrom", options.decoderFrom().getFileName().toString());
    }
    EpochStats bestStats = outcome.history().get(outcome.bestEpoch() - 1);
    training.put("trainLoss", bestStats.trainLoss());
    training.put("validationLoss", bestStats.validationLoss());
    training.put("seconds", outcome.history().stream().mapToDouble(EpochStats::seconds).sum());
    return training;
  }
}
