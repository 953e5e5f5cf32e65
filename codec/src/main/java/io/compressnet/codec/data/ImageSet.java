package io.compressnet.codec.data;

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

  /** Pixels scaled to [0, 1], row-major, images one after another: the network's input layout. */
  public static float[] toUnitFloats(byte[][] images, int from, int to, int pixelsPerImage) {
    float[] out = new float[(to - from) * pixelsPerImage];
    int k = 0;
    for (int i = from; i < to; i++) {
      for (byte b : images[i]) {
        out[k++] = (b & 0xff) / 255f;
      }
    }
    return out;
  }

  /** Rounds [0, 1] floats back to 8-bit pixels (values outside the range are clamped). */
  public static byte[] toPixels(float[] unit, int offset, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      float v = unit[offset + i];
      int p = Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
      out[i] = (byte) p;
    }
    return out;
  }
}
