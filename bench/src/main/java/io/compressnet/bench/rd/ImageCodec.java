package io.compressnet.bench.rd;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A per-image codec for 8-bit images (grayscale, or interleaved RGB), as a message would use it:
 * one image in, the bytes a message would carry out, and back.
 *
 * <p>Implementations may hold per-thread state (ImageIO writers); use one instance per thread.
 */
public abstract class ImageCodec {

  /**
   * A leaner way to send a codec's files: drop the bytes a receiver can rebuild by itself
   * (container headers that are the same for every image of a setting) and put them back before
   * decoding. The benchmark checks on every image that {@code restore(strip(file))} is the file,
   * byte for byte, so quality and speed are those of the codec itself.
   *
   * @param series the curve of the stripped messages, e.g. {@code "WebP lossy, no RIFF header"}
   */
  public record Framing(
      String series, UnaryOperator<byte[]> stripper, UnaryOperator<byte[]> restorer) {

    byte[] strip(byte[] file) {
      return stripper.apply(file);
    }

    byte[] restore(byte[] payload) {
      return restorer.apply(payload);
    }
  }

  private final String series;
  private final String setting;
  private final boolean lossless;

  /**
   * @param series the curve this codec belongs to, e.g. {@code "WebP lossy"}
   * @param setting this point on the curve, e.g. {@code "q=50"}
   * @param lossless whether decoding must return exactly the original pixels
   */
  protected ImageCodec(String series, String setting, boolean lossless) {
    this.series = series;
    this.setting = setting;
    this.lossless = lossless;
  }

  public final String series() {
    return series;
  }

  public final String setting() {
    return setting;
  }

  public final boolean lossless() {
    return lossless;
  }

  /** Encodes {@code width * height * channels} values, row-major, channels interleaved. */
  public abstract byte[] encode(byte[] pixels, int width, int height, int channels);

  /** Returns {@code width * height * channels} values, row-major, channels interleaved. */
  public abstract byte[] decode(byte[] data, int width, int height, int channels);

  /** {@code pixels}, checked to be a whole image: a lossless codec must give back every value. */
  protected static byte[] wholeImage(String codec, byte[] pixels, int length) {
    if (pixels.length != length) {
      throw new IllegalStateException(codec + " gave " + pixels.length + " bytes");
    }
    return pixels;
  }

  /** Leaner framings of this codec's files, measured alongside it. */
  public List<Framing> framings() {
    return List.of();
  }
}
