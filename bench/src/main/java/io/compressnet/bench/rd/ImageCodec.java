package io.compressnet.bench.rd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A per-image codec for 8-bit images (grayscale, or interleaved RGB), as a message would use it:
 * one image in, the bytes a message would carry out, and back. An instance may hold an ImageIO
 * writer: use one per thread.
 *
 * @param series the curve this codec belongs to, e.g. {@code "WebP lossy"}
 * @param setting this point on the curve, e.g. {@code "q=50"}
 * @param lossless whether decoding must return exactly the original pixels
 * @param framings new leaner framings of this codec's files, measured alongside it
 */
record ImageCodec(
    String series,
    String setting,
    boolean lossless,
    Coder encoder,
    Coder decoder,
    Supplier<List<Framing>> framings) {

  /** {@code width * height * channels} values, row-major, channels interleaved, or their code. */
  interface Coder {
    byte[] apply(byte[] data, int width, int height, int channels) throws IOException;
  }

  /**
   * A leaner way to send a codec's files: drop the bytes a receiver can rebuild by itself
   * (container headers that are the same for every image of a setting) and put them back before
   * decoding. The benchmark checks on every image that {@code restore(strip(file))} is the file,
   * byte for byte, so quality and speed are those of the codec itself.
   */
  record Framing(String series, UnaryOperator<byte[]> strip, UnaryOperator<byte[]> restore) {}

  ImageCodec(String series, String setting, boolean lossless, Coder encoder, Coder decoder) {
    this(series, setting, lossless, encoder, decoder, List::of);
  }

  byte[] encode(byte[] pixels, int width, int height, int channels) {
    return call(encoder, pixels, width, height, channels);
  }

  byte[] decode(byte[] data, int width, int height, int channels) {
    byte[] pixels = call(decoder, data, width, height, channels);
    if (pixels.length != width * height * channels) {
      throw new IllegalStateException(series + " gave " + pixels.length + " bytes");
    }
    return pixels;
  }

  private static byte[] call(Coder coder, byte[] data, int width, int height, int channels) {
    try {
      return coder.apply(data, width, height, channels);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
