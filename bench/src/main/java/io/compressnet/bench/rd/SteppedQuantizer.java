package io.compressnet.bench.rd;

import io.compressnet.imaging.quant.AffineInt8Quantizer;

/**
 * An INT8 quantizer's grid coarsened by an integer factor: code {@code q} in {@code 0..255/step}
 * stands for INT8 code {@code q * step}. With {@code step = 1} the codes and values are exactly
 * those of the INT8 wire encoding; larger steps trade quality for fewer bits once entropy-coded.
 */
record SteppedQuantizer(float[] min, float[] scale, int step, int maxCode) {

  SteppedQuantizer(AffineInt8Quantizer base, int step) {
    this(base.min(), base.scale(), step, AffineInt8Quantizer.LEVELS / Math.max(1, step));
    if (step < 1 || step > AffineInt8Quantizer.LEVELS) {
      throw new IllegalArgumentException("step must be in 1..255, got " + step);
    }
  }

  int symbols() {
    return maxCode + 1;
  }

  int[] quantize(float[] latent) {
    int[] codes = new int[latent.length];
    for (int d = 0; d < latent.length; d++) {
      // Same arithmetic as AffineInt8Quantizer for step 1: (x - min) / scale in doubles, rint.
      double steps = ((double) latent[d] - min[d]) / scale[d] / step;
      codes[d] = steps <= 0 ? 0 : steps >= maxCode ? maxCode : (int) Math.rint(steps);
    }
    return codes;
  }

  float[] dequantize(int[] codes) {
    float[] latent = new float[codes.length];
    for (int d = 0; d < codes.length; d++) {
      latent[d] = (float) (min[d] + (double) (codes[d] * step) * scale[d]);
    }
    return latent;
  }
}
