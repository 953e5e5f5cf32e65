package io.compressnet.imaging.quant;

/** Shared argument checks, so every packer words its errors the same way. */
final class PackerChecks {

  private PackerChecks() {}

  static int requirePositiveDims(int dims) {
    if (dims <= 0) {
      throw new IllegalArgumentException("latent dims must be > 0, got " + dims);
    }
    return dims;
  }

  static void requireLatentLength(float[] latent, int dims) {
    if (latent == null) {
      throw new IllegalArgumentException("latent is null");
    }
    if (latent.length != dims) {
      throw new IllegalArgumentException(
          "expected " + dims + " latent values, got " + latent.length);
    }
  }

  static void requirePackedLength(byte[] packed, Encoding encoding, int dims) {
    if (packed == null) {
      throw new IllegalArgumentException("packed latent is null");
    }
    int expected = dims * encoding.bytesPerValue();
    if (packed.length != expected) {
      throw new IllegalArgumentException(
          "expected "
              + expected
              + " latent bytes for "
              + encoding
              + " with "
              + dims
              + " dims, got "
              + packed.length);
    }
  }
}
