package io.compressnet.codec.model;

/**
 * What a network is: its architecture, input size and latent size. Two bundles with the same spec
 * have interchangeable parameter files.
 *
 * @param architecture the decoder design (the encoder is shared by all designs)
 * @param width input width in pixels (a multiple of 4)
 * @param height input height in pixels (a multiple of 4)
 * @param latentDims number of latent values per image
 * @param channels 1 (grayscale) or 3 (RGB)
 */
public record ModelSpec(
    Architecture architecture, int width, int height, int latentDims, int channels) {

  public ModelSpec {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException(
          "a model takes 1 (grayscale) or 3 (RGB) channels, got " + channels);
    }
    if (width <= 0 || height <= 0 || width % 4 != 0 || height % 4 != 0) {
      throw new IllegalArgumentException(
          "input size must be positive multiples of 4 (two stride-2 stages), got "
              + width
              + "x"
              + height
              + ": resize, crop or pad the images to such a size (e.g. 28x28 or 32x32) first");
    }
    if (latentDims <= 0) {
      throw new IllegalArgumentException("latentDims must be positive, got " + latentDims);
    }
  }

  /** A grayscale model. */
  public ModelSpec(Architecture architecture, int width, int height, int latentDims) {
    this(architecture, width, height, latentDims, 1);
  }

  /** The EMNIST input size. */
  public static ModelSpec emnist(Architecture architecture, int latentDims) {
    return new ModelSpec(architecture, 28, 28, latentDims);
  }

  /** The network's input shape for {@code batch} images: (batch, channels, height, width). */
  public ai.djl.ndarray.types.Shape inputShape(long batch) {
    return new ai.djl.ndarray.types.Shape(batch, channels, height, width);
  }

  /** Pixels per image (width × height). */
  public int pixels() {
    return width * height;
  }

  /** Values per image on the wire and in the network: width × height × channels. */
  public int values() {
    return width * height * channels;
  }
}
