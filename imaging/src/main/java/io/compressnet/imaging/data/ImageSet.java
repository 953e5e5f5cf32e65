package io.compressnet.imaging.data;

import java.util.Arrays;

/**
 * Images of one size and channel count, 8-bit, row-major, channels interleaved (RGB RGB ... for
 * colour).
 *
 * @param images one array of {@code width * height * channels} values per image
 * @param width image width in pixels
 * @param height image height in pixels
 * @param channels 1 (grayscale) or 3 (RGB)
 */
public record ImageSet(byte[][] images, int width, int height, int channels) {

  public ImageSet {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException(
          "images have 1 (grayscale) or 3 (RGB) channels, got " + channels);
    }
  }

  /** Grayscale images. */
  public ImageSet(byte[][] images, int width, int height) {
    this(images, width, height, 1);
  }

  public int size() {
    return images.length;
  }

  /** Values per image: width × height × channels (the length of each pixel array). */
  public int pixelsPerImage() {
    return width * height * channels;
  }

  /** The images {@code from} (inclusive) to {@code to} (exclusive), sharing the pixel arrays. */
  public ImageSet slice(int from, int to) {
    return new ImageSet(Arrays.copyOfRange(images, from, to), width, height, channels);
  }

  /**
   * The network's input layout: values scaled to [0, 1], images one after another, each image's
   * channels as planes (all R, then all G, then all B: NCHW) where the wire interleaves them.
   *
   * @param pixels pixels per image (width × height)
   */
  public static float[] toUnitFloats(byte[][] images, int from, int to, int pixels, int channels) {
    int values = pixels * channels;
    float[] out = new float[(to - from) * values];
    for (int i = from; i < to; i++) {
      byte[] image = images[i];
      int base = (i - from) * values;
      for (int p = 0; p < pixels; p++) {
        for (int c = 0; c < channels; c++) {
          out[base + c * pixels + p] = (image[p * channels + c] & 0xff) / 255f;
        }
      }
    }
    return out;
  }

  /**
   * One image back from the network's layout (channel planes, [0, 1]) to 8-bit interleaved values,
   * rounded; values outside [0, 1] are clamped.
   *
   * @param offset where the image starts in {@code unit}
   * @param pixels pixels per image (width × height)
   */
  public static byte[] toPixels(float[] unit, int offset, int pixels, int channels) {
    byte[] out = new byte[pixels * channels];
    for (int c = 0; c < channels; c++) {
      for (int p = 0; p < pixels; p++) {
        float v = unit[offset + c * pixels + p];
        out[p * channels + c] = (byte) roundNonNegative(Math.max(0f, Math.min(1f, v)) * 255f);
      }
    }
    return out;
  }

  /**
   * {@code Math.round(x)} for {@code x} in [0, 255] (and 0 for NaN, as Math.round), at a fraction
   * of its cost: Java 17 does not compile {@code Math.round(float)} to an instruction, and this
   * loop runs for every pixel the decoder service emits. In double, {@code x + 0.5} is exact for
   * every float {@code x} of this range, and truncation is the floor for non-negative values, so
   * the result is bit for bit Math.round's (checked against it in ImageSetTest).
   */
  static int roundNonNegative(float x) {
    return (int) (x + 0.5d);
  }
}
