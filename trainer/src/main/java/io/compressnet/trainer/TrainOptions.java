package io.compressnet.trainer;

import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.imaging.quant.Encoding;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run needs. Defaults live in {@link #defaults}; the CLI overrides them.
 *
 * @param trainImages image sources (IDX files, directories or globs of PNG/JPEG; 28×28 or any
 *     multiple of 4); labels are used when every source has them
 * @param validationImages optional separate validation source; otherwise a split of the training
 *     images is held out
 * @param validationFraction fraction held out when there is no validation file
 * @param output bundle directory to write (reports go beside the bundle files)
 * @param name readable model name; null derives e.g. {@code emnist-ps32-int8}
 * @param architecture decoder design
 * @param latentDims latent values per image
 * @param encoding default wire encoding written into the bundle
 * @param epochs maximum number of epochs
 * @param batchSize images per optimizer step
 * @param learningRate peak learning rate (Adam)
 * @param minLearningRate final learning rate of the cosine schedule
 * @param patience epochs without validation improvement before stopping early
 * @param maxMinutes wall-clock budget; the schedule is stretched to end on time (0 = none)
 * @param classBalance exponent α of the sampling weight 1/freq(class)^α (0 = natural frequency, 1 =
 *     every class equally often); needs labels
 * @param limit use only the first N images of each file (0 = all)
 * @param seed random seed for the split, sampling, initialization and noise
 * @param threads PyTorch intra-op threads
 * @param initFrom bundle whose weights start the run (same architecture and sizes), or null for a
 *     fresh initialization: continues or fine-tunes a model
 * @param latentNoise width of the uniform noise added to the latent while training, standing in for
 *     the INT8 rounding the decoder will see on the wire
 * @param decoderFrom bundle whose decoder is taken as it is and kept fixed, so only the encoder
 *     trains (a new encoder for a decoder already deployed), or null to train both
 * @param rateWeight weight λ of the rate term: the loss is {@code MSE + λ · bits per image / values
 *     per image}, the bits those of a learned prior on the noisy latent (0 = no rate term); a
 *     rate-trained bundle's grid has the noise's step and it sends INT8_RANGE
 * @param augmentation strength of the random affine distortions applied to each training batch
 *     ({@link Augmentation}; 0 = none, 1 = rotation ±10°, scale ±10 %, shear ±0.1, shift ±1.5 px)
 */
public record TrainOptions(
    List<ImageSource> trainImages,
    ImageSource validationImages,
    double validationFraction,
    Path output,
    String name,
    Architecture architecture,
    int latentDims,
    Encoding encoding,
    int epochs,
    int batchSize,
    float learningRate,
    float minLearningRate,
    int patience,
    double maxMinutes,
    double classBalance,
    int limit,
    long seed,
    int threads,
    Path initFrom,
    float latentNoise,
    Path decoderFrom,
    float rateWeight,
    double augmentation) {

  /** Settings without augmentation. */
  public TrainOptions(
      List<ImageSource> trainImages,
      ImageSource validationImages,
      double validationFraction,
      Path output,
      String name,
      Architecture architecture,
      int latentDims,
      Encoding encoding,
      int epochs,
      int batchSize,
      float learningRate,
      float minLearningRate,
      int patience,
      double maxMinutes,
      double classBalance,
      int limit,
      long seed,
      int threads,
      Path initFrom,
      float latentNoise,
      Path decoderFrom,
      float rateWeight) {
    this(
        trainImages,
        validationImages,
        validationFraction,
        output,
        name,
        architecture,
        latentDims,
        encoding,
        epochs,
        batchSize,
        learningRate,
        minLearningRate,
        patience,
        maxMinutes,
        classBalance,
        limit,
        seed,
        threads,
        initFrom,
        latentNoise,
        decoderFrom,
        rateWeight,
        0);
  }

  /** Settings without a rate term. */
  public TrainOptions(
      List<ImageSource> trainImages,
      ImageSource validationImages,
      double validationFraction,
      Path output,
      String name,
      Architecture architecture,
      int latentDims,
      Encoding encoding,
      int epochs,
      int batchSize,
      float learningRate,
      float minLearningRate,
      int patience,
      double maxMinutes,
      double classBalance,
      int limit,
      long seed,
      int threads,
      Path initFrom,
      float latentNoise,
      Path decoderFrom) {
    this(
        trainImages,
        validationImages,
        validationFraction,
        output,
        name,
        architecture,
        latentDims,
        encoding,
        epochs,
        batchSize,
        learningRate,
        minLearningRate,
        patience,
        maxMinutes,
        classBalance,
        limit,
        seed,
        threads,
        initFrom,
        latentNoise,
        decoderFrom,
        0f);
  }

  public boolean rateTrained() {
    return rateWeight > 0;
  }

  public static TrainOptions defaults(List<ImageSource> trainImages, Path output) {
    return new TrainOptions(
        trainImages,
        null,
        0.05,
        output,
        null,
        Architecture.LITE10,
        32,
        Encoding.INT8,
        30,
        128,
        2e-3f,
        2e-5f,
        4,
        0,
        1.0,
        0,
        42L,
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        null,
        Autoencoder.QUANTIZATION_STEP,
        null);
  }

  /** The same settings, starting from a fresh initialization. */
  public TrainOptions withoutInit() {
    return new TrainOptions(
        trainImages,
        validationImages,
        validationFraction,
        output,
        name,
        architecture,
        latentDims,
        encoding,
        epochs,
        batchSize,
        learningRate,
        minLearningRate,
        patience,
        maxMinutes,
        classBalance,
        limit,
        seed,
        threads,
        null,
        latentNoise,
        decoderFrom,
        rateWeight,
        augmentation);
  }

  /** The same settings for another design, written to another directory. */
  public TrainOptions withDesign(Architecture newArchitecture, Path newOutput) {
    return new TrainOptions(
        trainImages,
        validationImages,
        validationFraction,
        newOutput,
        name,
        newArchitecture,
        latentDims,
        encoding,
        epochs,
        batchSize,
        learningRate,
        minLearningRate,
        patience,
        maxMinutes,
        classBalance,
        limit,
        seed,
        threads,
        initFrom,
        latentNoise,
        decoderFrom,
        rateWeight,
        augmentation);
  }
}
