package io.compressnet.imaging.quant;

/**
 * Turns a latent vector of a fixed number of dimensions into message bytes and back.
 *
 * <p>Implementations are immutable and thread-safe. Both directions reject input of the wrong
 * length with an {@link IllegalArgumentException} that names the expected and actual sizes.
 */
public interface LatentPacker {

  /** Number of latent dimensions this packer handles. */
  int dims();

  /** Exact length of {@link #pack}'s output. */
  int bytesPerImage();

  byte[] pack(float[] latent);

  float[] unpack(byte[] packed);

  Encoding encoding();
}
