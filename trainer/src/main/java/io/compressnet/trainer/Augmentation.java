package io.compressnet.trainer;

import java.util.Random;

/**
 * Random small affine distortions of training images: rotation, scale, shear and shift about the
 * image centre, sampled bilinearly, zero outside the image.
 *
 * <p>Why: on EMNIST the default model scores about 1 dB better on the images it was trained on than
 * on held-out images of the same file (MSE 0.00244 against 0.00309), so it has learned the training
 * set more than handwriting. Distorted copies are plausible new characters — small affine
 * distortions are the classic MNIST augmentation (Simard, Steinkraus and Platt, "Best practices for
 * convolutional neural networks applied to visual document analysis", ICDAR 2003) — and each epoch
 * sees different ones, so the network cannot memorise them.
 *
 * <p>{@code strength} scales every range: at 1 a rotation of up to ±10°, scale ±10 % (each axis its
 * own, around a shared factor), shear up to ±0.1 and a shift of up to ±1.5 pixels. At 0 the images
 * are returned unchanged.
 */
final class Augmentation {
  static final double MAX_ROTATION_RADIANS = Math.toRadians(10);
  static final double MAX_SCALE = 0.10;
  static final double MAX_SHEAR = 0.10;
  static final double MAX_SHIFT_PIXELS = 1.5;

  private final double strength;
  private final Random random;

  Augmentation(double strength, long seed) {
    if (!(strength >= 0)) {
      throw new IllegalArgumentException("augmentation strength must be 0 or more: " + strength);
    }
    this.strength = strength;
    this.random = new Random(seed);
  }

  boolean enabled() {
    return strength > 0;
  }

  /** Each image distorted by its own random transform; the input arrays are not changed. */
  byte[][] apply(byte[][] images, int width, int height, int channels) {
    if (!enabled()) {
      return images;
    }
    byte[][] out = new byte[images.length][];
    for (int i = 0; i < images.length; i++) {
      out[i] = warp(images[i], width, height, channels, randomTransform());
    }
    return out;
  }

  /** A random forward transform {@code [a, b, c, d, tx, ty]}: p' = [[a b][c d]]·p + t. */
  private double[] randomTransform() {
    double angle = uniform(MAX_ROTATION_RADIANS);
    double shared = 1 + uniform(MAX_SCALE);
    double sx = shared * (1 + uniform(MAX_SCALE / 2));
    double sy = shared * (1 + uniform(MAX_SCALE / 2));
    double shear = uniform(MAX_SHEAR);
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    // rotation · shear · scale
    double a = cos * sx;
    double b = (cos * shear - sin) * sy;
    double c = sin * sx;
    double d = (sin * shear + cos) * sy;
    return new double[] {a, b, c, d, uniform(MAX_SHIFT_PIXELS), uniform(MAX_SHIFT_PIXELS)};
  }

  private double uniform(double range) {
    return (random.nextDouble() * 2 - 1) * range * strength;
  }

  /**
   * The image moved by {@code transform} ({@code [a, b, c, d, tx, ty]}, about the image centre):
   * each output pixel takes the bilinear value at the inverse-mapped source position; positions
   * outside the image read 0. Pixels are interleaved (row-major, channels innermost); every channel
   * moves alike.
   */
  static byte[] warp(byte[] image, int width, int height, int channels, double[] transform) {
    double a = transform[0];
    double b = transform[1];
    double c = transform[2];
    double d = transform[3];
    double det = a * d - b * c;
    if (Math.abs(det) < 1e-9) {
      throw new IllegalArgumentException("transform is not invertible");
    }
    double ia = d / det;
    double ib = -b / det;
    double ic = -c / det;
    double id = a / det;
    double cx = (width - 1) / 2.0;
    double cy = (height - 1) / 2.0;
    byte[] out = new byte[image.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double px = x - cx - transform[4];
        double py = y - cy - transform[5];
        double sx = ia * px + ib * py + cx;
        double sy = ic * px + id * py + cy;
        for (int ch = 0; ch < channels; ch++) {
          double v = bilinear(image, width, height, channels, ch, sx, sy);
          out[(y * width + x) * channels + ch] = (byte) Math.round(v);
        }
      }
    }
    return out;
  }

  private static double bilinear(
      byte[] image, int width, int height, int channels, int ch, double x, double y) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    double top =
        pixel(image, width, height, channels, ch, x0, y0) * (1 - fx)
            + pixel(image, width, height, channels, ch, x0 + 1, y0) * fx;
    double bottom =
        pixel(image, width, height, channels, ch, x0, y0 + 1) * (1 - fx)
            + pixel(image, width, height, channels, ch, x0 + 1, y0 + 1) * fx;
    return top * (1 - fy) + bottom * fy;
  }

  private static int pixel(
      byte[] image, int width, int height, int channels, int ch, int x, int y) {
    if (x < 0 || y < 0 || x >= width || y >= height) {
      return 0;
    }
    return image[(y * width + x) * channels + ch] & 0xFF;
  }
}
