package io.compressnet.bench.rd;

/**
 * A per-image codec for 8-bit images (grayscale, or interleaved RGB), as a message would use it:
 * one image in, the bytes a message would carry out, and back.
 *
 * <p>Implementations may hold per-thread state (ImageIO writers); use one instance per thread.
 */
public interface ImageCodec {

  /** The curve this codec belongs to, e.g. {@code "WebP lossy"}. */
  String series();

  /** This point on the curve, e.g. {@code "q=50"}. */
  String setting();

  /** Whether decoding must return exactly the original pixels. */
  boolean lossless();

  /** Encodes {@code width * height * channels} values, row-major, channels interleaved. */
  byte[] encode(byte[] pixels, int width, int height, int channels);

  /** Returns {@code width * height * channels} values, row-major, channels interleaved. */
  byte[] decode(byte[] data, int width, int height, int channels);

  /** Leaner framings of this codec's files, measured alongside it. */
  default java.util.List<Framing> framings() {
    return java.util.List.of();
  }
}
