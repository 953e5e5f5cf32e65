package io.compressnet.imaging.quant;

/**
 * IEEE 754 binary16 ("half"), little-endian, two bytes per dimension.
 *
 * <p>Conversion rounds to nearest, ties to even, with gradual underflow to subnormals, overflow to
 * infinity, and NaN kept as a (quiet) NaN. Java 17 has no {@code Float.floatToFloat16} (added in
 * Java 20), hence {@link #toHalf} and {@link #toFloat}; they follow the IEEE rules exactly, so
 * values match those of NumPy's {@code float16} or PyTorch's {@code half}.
 */
public final class Float16Packer implements LatentPacker {

  private final int dims;

  public Float16Packer(int dims) {
    this.dims = PackerChecks.requirePositiveDims(dims);
  }

  @Override
  public int dims() {
    return dims;
  }

  @Override
  public int bytesPerImage() {
    return dims * Encoding.FLOAT16.bytesPerValue();
  }

  @Override
  public byte[] pack(float[] latent) {
    PackerChecks.requireLatentLength(latent, dims);
    byte[] out = new byte[bytesPerImage()];
    for (int i = 0; i < dims; i++) {
      short h = toHalf(latent[i]);
      out[2 * i] = (byte) h;
      out[2 * i + 1] = (byte) (h >>> 8);
    }
    return out;
  }

  @Override
  public float[] unpack(byte[] packed) {
    PackerChecks.requirePackedLength(packed, Encoding.FLOAT16, dims);
    float[] latent = new float[dims];
    for (int i = 0; i < dims; i++) {
      int h = (packed[2 * i] & 0xFF) | (packed[2 * i + 1] & 0xFF) << 8;
      latent[i] = toFloat((short) h);
    }
    return latent;
  }

  @Override
  public Encoding encoding() {
    return Encoding.FLOAT16;
  }

  /** The binary16 value nearest to {@code value} (ties to even), as raw bits. */
  public static short toHalf(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exponent = (bits >>> 23) & 0xFF;
    int mantissa = bits & 0x7F_FFFF;

    if (exponent == 0xFF) {
      if (mantissa == 0) {
        return (short) (sign | 0x7C00); // infinity
      }
      // NaN: keep the top payload bits and force the quiet bit so it cannot become infinity.
      return (short) (sign | 0x7C00 | 0x0200 | (mantissa >>> 13));
    }
    int halfExponent = exponent - 127 + 15;
    if (halfExponent >= 0x1F) {
      return (short) (sign | 0x7C00); // too large even before rounding
    }
    if (halfExponent <= 0) {
      // Subnormal half (or zero): the result counts units of 2^-24. The float's significand with
      // its implicit bit is m * 2^(exponent - 150), so shift right by (126 - exponent).
      int shift = 126 - exponent;
      if (shift > 24) {
        return (short) sign; // below half of the smallest subnormal (2^-25): rounds to zero
      }
      int significand = mantissa | 0x80_0000;
      return (short) (sign | roundShiftRightEven(significand, shift));
    }
    // Normal half: keep 10 of 23 mantissa bits. A rounding carry ripples into the exponent, which
    // is exactly right (up to 0x7C00, infinity, for values >= 65520).
    int rounded = roundShiftRightEven((halfExponent << 23) | mantissa, 13);
    return (short) (sign | rounded);
  }

  /** The exact float value of binary16 bits {@code half}. */
  public static float toFloat(short half) {
    int h = half & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x03FF;
    if (exponent == 0) {
      // Zero or subnormal: mantissa * 2^-24, exact in float.
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13)); // inf or NaN
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }

  /** {@code value >> shift} rounded to nearest, ties to even ({@code 1 <= shift <= 30}). */
  private static int roundShiftRightEven(int value, int shift) {
    int quotient = value >>> shift;
    int remainder = value & ((1 << shift) - 1);
    int half = 1 << (shift - 1);
    if (remainder > half || (remainder == half && (quotient & 1) == 1)) {
      quotient++;
    }
    return quotient;
  }
}
