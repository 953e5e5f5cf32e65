package io.compressnet.imaging.quant;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Lossless packing: IEEE 754 binary32, little-endian (NaN payloads are kept bit for bit). */
public final class Float32Packer implements LatentPacker {

  private final int dims;

  public Float32Packer(int dims) {
    this.dims = PackerChecks.requirePositiveDims(dims);
  }

  @Override
  public int dims() {
    return dims;
  }

  @Override
  public int bytesPerImage() {
    return dims * Encoding.FLOAT32.bytesPerValue();
  }

  @Override
  public byte[] pack(float[] latent) {
    PackerChecks.requireLatentLength(latent, dims);
    ByteBuffer buf = ByteBuffer.allocate(bytesPerImage()).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : latent) {
      buf.putInt(Float.floatToRawIntBits(v));
    }
    return buf.array();
  }

  @Override
  public float[] unpack(byte[] packed) {
    PackerChecks.requirePackedLength(packed, Encoding.FLOAT32, dims);
    ByteBuffer buf = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
    float[] latent = new float[dims];
    for (int i = 0; i < dims; i++) {
      latent[i] = Float.intBitsToFloat(buf.getInt());
    }
    return latent;
  }

  @Override
  public Encoding encoding() {
    return Encoding.FLOAT32;
  }
}
