package io.compressnet.trainer;

import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.imaging.quant.Encoding;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run needs. {@link #builder} starts from the defaults; the CLI and the tests
 * set what they change.
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
 * @param distillation refined latents of the {@code decoderFrom} bundle as targets for the encoder
 *     ({@link Distillation#NONE} = off)
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
    double augmentation,
    Distillation distillation) {

  public TrainOptions {
    if (distillation.enabled() && decoderFrom == null) {
      throw new IllegalArgumentException(
          "distillation needs a teacher: give --decoder-from the bundle whose refined latents the"
              + " encoder should learn");
    }
    if (distillation.enabled() && augmentation > 0) {
      throw new IllegalArgumentException(
          "distillation and augmentation cannot be combined: the refined latents are those of the"
              + " undistorted training images");
    }
  }

  public boolean rateTrained() {
    return rateWeight > 0;
  }

  /** A builder holding the defaults, for these training images and this output directory. */
  public static Builder builder(List<ImageSource> trainImages, Path output) {
    return new Builder(trainImages, output);
  }

  /** The default settings for these training images and this output directory. */
  public static TrainOptions defaults(List<ImageSource> trainImages, Path output) {
    return builder(trainImages, output).build();
  }

  /** A builder holding every value of these options. */
  public Builder toBuilder() {
    Builder b = new Builder(trainImages, output);
    b.validationImages = validationImages;
    b.validationFraction = validationFraction;
    b.name = name;
    b.architecture = architecture;
    b.latentDims = latentDims;
    b.encoding = encoding;
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.minLearningRate = minLearningRate;
    b.patience = patience;
    b.maxMinutes = maxMinutes;
    b.classBalance = classBalance;
    b.limit = limit;
    b.seed = seed;
    b.threads = threads;
    b.initFrom = initFrom;
    b.latentNoise = latentNoise;
    b.decoderFrom = decoderFrom;
    b.rateWeight = rateWeight;
    b.augmentation = augmentation;
    b.distillation = distillation;
    return b;
  }

  /** The same settings, starting from a fresh initialization. */
  public TrainOptions withoutInit() {
    return toBuilder().initFrom(null).build();
  }

  /** The same settings for another design, written to another directory. */
  public TrainOptions withDesign(Architecture newArchitecture, Path newOutput) {
    return toBuilder().architecture(newArchitecture).output(newOutput).build();
  }

  /** Builds {@link TrainOptions}; each setter is named after the component it sets. */
  public static final class Builder {
    private List<ImageSource> trainImages;
    private ImageSource validationImages = null;
    private double validationFraction = 0.05;
    private Path output;
    private String name = null;
    private Architecture architecture = Architecture.LITE10;
    private int latentDims = 32;
    private Encoding encoding = Encoding.INT8;
    private int epochs = 30;
    private int batchSize = 128;
    private float learningRate = 2e-3f;
    private float minLearningRate = 2e-5f;
    private int patience = 4;
    private double maxMinutes = 0;
    private double classBalance = 1.0;
    private int limit = 0;
    private long seed = 42L;
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private Path initFrom = null;
    private float latentNoise = Autoencoder.QUANTIZATION_STEP;
    private Path decoderFrom = null;
    private float rateWeight = 0f;
    private double augmentation = 0;
    private Distillation distillation = Distillation.NONE;

    private Builder(List<ImageSource> trainImages, Path output) {
      this.trainImages = trainImages;
      this.output = output;
    }

    public Builder trainImages(List<ImageSource> value) {
      this.trainImages = value;
      return this;
    }

    public Builder validationImages(ImageSource value) {
      this.validationImages = value;
      return this;
    }

    public Builder validationFraction(double value) {
      this.validationFraction = value;
      return this;
    }

    public Builder output(Path value) {
      this.output = value;
      return this;
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder architecture(Architecture value) {
      this.architecture = value;
      return this;
    }

    public Builder latentDims(int value) {
      this.latentDims = value;
      return this;
    }

    public Builder encoding(Encoding value) {
      this.encoding = value;
      return this;
    }

    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    public Builder learningRate(float value) {
      this.learningRate = value;
      return this;
    }

    public Builder minLearningRate(float value) {
      this.minLearningRate = value;
      return this;
    }

    public Builder patience(int value) {
      this.patience = value;
      return this;
    }

    public Builder maxMinutes(double value) {
      this.maxMinutes = value;
      return this;
    }

    public Builder classBalance(double value) {
      this.classBalance = value;
      return this;
    }

    public Builder limit(int value) {
      this.limit = value;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder threads(int value) {
      this.threads = value;
      return this;
    }

    public Builder initFrom(Path value) {
      this.initFrom = value;
      return this;
    }

    public Builder latentNoise(float value) {
      this.latentNoise = value;
      return this;
    }

    public Builder decoderFrom(Path value) {
      this.decoderFrom = value;
      return this;
    }

    public Builder rateWeight(float value) {
      this.rateWeight = value;
      return this;
    }

    public Builder augmentation(double value) {
      this.augmentation = value;
      return this;
    }

    public Builder distillation(Distillation value) {
      this.distillation = value;
      return this;
    }

    public TrainOptions build() {
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
          initFrom,
          latentNoise,
          decoderFrom,
          rateWeight,
          augmentation,
          distillation);
    }
  }
}
