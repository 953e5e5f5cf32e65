package io.compressnet.imaging.quant;

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
  FLOAT32(4),
  /**
   * The INT8 codes range-coded with the bundle's per-dimension frequency tables, behind a check
   * byte ({@link io.compressnet.imaging.entropy.Int8RangeCoder}): variable length, always shorter
   * than the INT8 form (an encoder sends a latent that would not be shorter as {@link #INT8}).
   */
  INT8_RANGE(0);

  private final int bytesPerValue;

  Encoding(int bytesPerValue) {
    this.bytesPerValue = bytesPerValue;
  }

  /** Whether every latent of this encoding takes {@code dims * bytesPerValue()} bytes. */
  public boolean fixedLength() {
    return bytesPerValue > 0;
  }

  /**
   * The fixed-length form this encoding's latents have before any entropy coding: {@link #INT8} for
   * {@link #INT8_RANGE} (what {@code BatchEncoder.encode} returns for it), itself otherwise.
   */
  public Encoding uncoded() {
    return this == INT8_RANGE ? INT8 : this;
  }

  /**
   * Bytes one latent dimension takes in this encoding.
   *
   * @throws IllegalStateException for a variable-length encoding ({@link #INT8_RANGE})
   */
  public int bytesPerValue() {
    if (!fixedLength()) {
      throw new IllegalStateException(this + " has no fixed size per value");
    }
    return bytesPerValue;
  }
}
