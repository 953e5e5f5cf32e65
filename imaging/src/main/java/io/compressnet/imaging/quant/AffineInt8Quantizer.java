package io.compressnet.imaging.quant;

import java.util.Arrays;

/**
 * One unsigned byte per latent dimension: {@code q = clamp(round((x - min) / scale), 0, 255)},
 * decoded as {@code x' = min + q * scale}, with a separate {@code min} and {@code scale} per
 * dimension (stored in the bundle's {@code model.json}).
 *
 * <p>Inside {@code [min, min + 255 * scale]} the error is at most {@code scale / 2}; values outside
 * are clamped to the nearest end. {@link #fit} picks each dimension's range from percentiles of
 * training latents so that a few outliers do not stretch the step size for all other values.
 *
 * <p>Immutable and thread-safe.
 */
public final class AffineInt8Quantizer implements LatentPacker {

  /** Number of steps between the lowest and highest code. */
  public static final int LEVELS = 255;

  private final float[] min;
  private final float[] scale;

  /**
   * @param min per-dimension value of code 0 (finite)
   * @param scale per-dimension step between codes (finite, > 0)
   */
  public AffineInt8Quantizer(float[] min, float[] scale) {
    if (min == null || scale == null) {
      throw new IllegalArgumentException("min and scale are required");
    }
    if (min.length != scale.length) {
      throw new IllegalArgumentException(
          "min has " + min.length + " dims but scale has " + scale.length);
    }
    PackerChecks.requirePositiveDims(min.length);
    for (int i = 0; i < min.length; i++) {
      if (!Float.isFinite(min[i])) {
        throw new IllegalArgumentException("min[" + i + "] must be finite, got " + min[i]);
      }
      if (!(scale[i] > 0) || !Float.isFinite(scale[i])) {
        throw new IllegalArgumentException(
            "scale[" + i + "] must be finite and > 0, got " + scale[i]);
      }
    }
    this.min = min.clone();
    this.scale = scale.clone();
  }

  /**
   * Fits per-dimension ranges to training latents.
   *
   * <p>For each dimension, {@code min} is the {@code lowPercentile} and the top of the range the
   * {@code highPercentile} of that dimension's training values (percentiles in [0, 100], linear
   * interpolation between order statistics as NumPy's default), and {@code scale = (high - min) /
   * 255}. A dimension whose range is empty (constant values) gets {@code scale = 1 / 255}, so its
   * one training value is still reproduced exactly.
   *
   * @param trainingLatents one row per image, all of the same length
   * @param lowPercentile e.g. 0.1
   * @param highPercentile e.g. 99.9
   */
  public static AffineInt8Quantizer fit(
      float[][] trainingLatents, double lowPercentile, double highPercentile) {
    if (!(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100)) {
      throw new IllegalArgumentException(
          "need 0 <= lowPercentile < highPercentile <= 100, got "
              + lowPercentile
              + " and "
              + highPercentile);
    }
    if (trainingLatents == null || trainingLatents.length == 0) {
      throw new IllegalArgumentException("need at least one training latent");
    }
    int dims = trainingLatents[0].length;
    PackerChecks.requirePositiveDims(dims);
    float[] min = new float[dims];
    float[] scale = new float[dims];
    double[] column = new double[trainingLatents.length];
    for (int d = 0; d < dims; d++) {
      for (int i = 0; i < trainingLatents.length; i++) {
        float[] row = trainingLatents[i];
        if (row.length != dims) {
          throw new IllegalArgumentException(
              "training latent " + i + " has " + row.length + " dims, expected " + dims);
        }
        if (!Float.isFinite(row[d])) {
          throw new IllegalArgumentException(
              "training latent " + i + " has a non-finite value at dim " + d + ": " + row[d]);
        }
        column[i] = row[d];
      }
      Arrays.sort(column);
      float low = (float) percentile(column, lowPercentile);
      float high = (float) percentile(column, highPercentile);
      min[d] = low;
      float step = (float) (((double) high - low) / LEVELS);
      scale[d] = step > 0 ? step : 1f / LEVELS;
    }
    return new AffineInt8Quantizer(min, scale);
  }

  /**
   * The same grid coarsened {@code factor} times: code {@code q} now stands for this quantizer's
   * code {@code q * factor} ({@code min} kept, {@code scale * factor}). Latents then use codes
   * {@code 0..255/factor} and carry fewer bits once range-coded, for a larger rounding error; codes
   * above {@code 255/factor} stay available for values beyond the fitted range, which this
   * quantizer clamped.
   *
   * @param factor 1 (the same grid) to 255
   */
  public AffineInt8Quantizer coarser(int factor) {
    if (factor < 1 || factor > LEVELS) {
      throw new IllegalArgumentException(
          "the step multiplier must be in 1.." + LEVELS + ", got " + factor);
    }
    float[] wider = new float[scale.length];
    for (int d = 0; d < wider.length; d++) {
      wider[d] = scale[d] * factor;
    }
    return new AffineInt8Quantizer(min, wider);
  }

  /**
   * A grid of a given {@code step} for every dimension, as a model trained with a rate term needs
   * (its training noise of that width stood in for rounding on exactly such a grid): code 128 sits
   * on each dimension's median, the mode a rate-trained latent concentrates on. A dimension whose
   * 0.1–99.9 percentile range does not fit in 255 steps gets the percentile fit instead, so nothing
   * common is clamped.
   *
   * @param trainingLatents one row per image, all of the same length
   * @param step cell width in latent units (> 0)
   */
  public static AffineInt8Quantizer fitStep(float[][] trainingLatents, float step) {
    if (!(step > 0) || !Float.isFinite(step)) {
      throw new IllegalArgumentException("step must be finite and > 0, got " + step);
    }
    AffineInt8Quantizer ranges = fit(trainingLatents, 0.1, 99.9);
    int dims = ranges.dims();
    float[] min = new float[dims];
    float[] scale = new float[dims];
    double[] column = new double[trainingLatents.length];
    for (int d = 0; d < dims; d++) {
      if (ranges.scale[d] > step) {
        min[d] = ranges.min[d];
        scale[d] = ranges.scale[d];
        continue;
      }
      for (int i = 0; i < trainingLatents.length; i++) {
        column[i] = trainingLatents[i][d];
      }
      Arrays.sort(column);
      double median = percentile(column, 50);
      // Keep the fitted range inside the 256 codes while putting code 128 as near the median as
      // that allows.
      double low = ranges.min[d];
      double high = ranges.min[d] + (double) LEVELS * ranges.scale[d];
      double origin = Math.min(Math.max(median - 128.0 * step, high - LEVELS * step), low);
      min[d] = (float) origin;
      scale[d] = step;
    }
    return new AffineInt8Quantizer(min, scale);
  }

  /** Percentile of sorted values with linear interpolation (NumPy's default "linear" method). */
  static double percentile(double[] sorted, double percent) {
    double position = percent / 100.0 * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    double fraction = position - below;
    return sorted[below] + fraction * (sorted[above] - sorted[below]);
  }

  /** Per-dimension value of code 0 (a copy). */
  public float[] min() {
    return min.clone();
  }

  /** Per-dimension value of the highest code, {@value #LEVELS}. */
  public float[] max() {
    float[] max = new float[min.length];
    for (int i = 0; i < max.length; i++) {
      max[i] = dequantize(LEVELS, i);
    }
    return max;
  }

  /** Per-dimension step between codes (a copy). */
  public float[] scale() {
    return scale.clone();
  }

  @Override
  public int dims() {
    return min.length;
  }

  @Override
  public int bytesPerImage() {
    return min.length;
  }

  /**
   * @throws IllegalArgumentException on wrong length or a NaN value (which has no sensible code: it
   *     would silently decode as a plausible number)
   */
  @Override
  public byte[] pack(float[] latent) {
    PackerChecks.requireLatentLength(latent, min.length);
    byte[] out = new byte[min.length];
    for (int i = 0; i < min.length; i++) {
      out[i] = (byte) quantize(latent[i], i);
    }
    return out;
  }

  /** The code (0..255) of {@code value} in dimension {@code dim}. */
  int quantize(float value, int dim) {
    if (Float.isNaN(value)) {
      throw new IllegalArgumentException("latent[" + dim + "] is NaN");
    }
    double steps = ((double) value - min[dim]) / scale[dim];
    if (steps <= 0) {
      return 0; // also -infinity
    }
    if (steps >= LEVELS) {
      return LEVELS; // also +infinity
    }
    return (int) Math.rint(steps);
  }

  @Override
  public float[] unpack(byte[] packed) {
    PackerChecks.requirePackedLength(packed, Encoding.INT8, min.length);
    float[] latent = new float[min.length];
    for (int i = 0; i < min.length; i++) {
      latent[i] = dequantize(packed[i] & 0xFF, i);
    }
    return latent;
  }

  float dequantize(int code, int dim) {
    return (float) (min[dim] + (double) code * scale[dim]);
  }

  @Override
  public Encoding encoding() {
    return Encoding.INT8;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AffineInt8Quantizer
        && Arrays.equals(min, ((AffineInt8Quantizer) o).min)
        && Arrays.equals(scale, ((AffineInt8Quantizer) o).scale);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(min) + Arrays.hashCode(scale);
  }

  @Override
  public String toString() {
    return "AffineInt8Quantizer{dims=" + min.length + "}";
  }
}
