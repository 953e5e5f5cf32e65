package io.compressnet.codec.quant;

/**
 * How a latent vector is stored in a {@code LatentVector} message. The symbols are the same as the
 * Avro {@code LatentEncoding} enum (codec does not depend on the schemas module; map by name).
 */
public enum Encoding {
  /** One unsigned byte per dimension, affine-quantized with per-dimension min and scale. */
  INT8(1),
  /** IEEE 754 binary16, little-endian, two bytes per dimension. */
  FLOAT16(2),
  /** IEEE 754 binary32, little-endian, four bytes per dimension. */
  FLOAT32(4);

  private final int bytesPerValue;

  Encoding(int bytesPerValue) {
    this.bytesPerValue = bytesPerValue;
  }

  /** Bytes one latent dimension takes in this encoding. */
  public int bytesPerValue() {
    return bytesPerValue;
  }
}
