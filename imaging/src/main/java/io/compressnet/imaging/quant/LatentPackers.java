package io.compressnet.imaging.quant;

/** Picks the packer for a latent encoding. */
public final class LatentPackers {

  private LatentPackers() {}

  /**
   * @param int8OrNull the bundle's quantizer; required for {@link Encoding#INT8} (and must have
   *     {@code dims} dimensions), ignored otherwise
   */
  public static LatentPacker forEncoding(
      Encoding encoding, int dims, AffineInt8Quantizer int8OrNull) {
    if (encoding == null) {
      throw new IllegalArgumentException("encoding is required");
    }
    switch (encoding) {
      case FLOAT32:
        return new Float32Packer(dims);
      case FLOAT16:
        return new Float16Packer(dims);
      case INT8:
        if (int8OrNull == null) {
          throw new IllegalArgumentException(
              "INT8 encoding needs quantization parameters (min/scale), but none were given");
        }
        if (int8OrNull.dims() != dims) {
          throw new IllegalArgumentException(
              "INT8 quantizer has " + int8OrNull.dims() + " dims, expected " + dims);
        }
        return int8OrNull;
      case INT8_RANGE:
        throw new IllegalArgumentException(
            "INT8_RANGE is variable-length and needs the bundle's entropy tables:"
                + " use ModelBundle.rangeCoder() with the INT8 packer");
      default:
        throw new IllegalArgumentException("unsupported encoding " + encoding);
    }
  }
}
