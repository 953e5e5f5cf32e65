package io.compressnet.bench.rd;

import com.luciad.imageio.webp.CompressionType;
import com.luciad.imageio.webp.WebPWriteParam;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * WebP through {@code webp-imageio} (its bundled native libwebp), lossy at a quality or lossless,
 * default encoder settings otherwise.
 *
 * <p>The {@code headerless} variant drops the 20-byte RIFF container header ({@code RIFF}, size,
 * {@code WEBP}, {@code VP8 }, chunk size) and rebuilds it on decoding from the message length, so
 * only the VP8 bitstream travels. That works only for the simple lossy file format, which is what
 * libwebp writes for an opaque image without metadata; anything else is refused.
 */
final class WebPCodec implements ImageCodec {

  static final int RIFF_HEADER_BYTES = 20;

  private final ImageWriter writer = GrayImages.writer("webp");
  private final WebPWriteParam param = new WebPWriteParam(Locale.ROOT);
  private final Integer quality;
  private final boolean headerless;

  private WebPCodec(Integer quality, boolean headerless) {
    this.quality = quality;
    this.headerless = headerless;
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    if (quality == null) {
      param.setCompressionType(CompressionType.Lossless);
    } else {
      param.setCompressionType(CompressionType.Lossy);
      param.setCompressionQuality(quality / 100f);
    }
  }

  /** Lossy at {@code quality} in 0..100. */
  static WebPCodec lossy(int quality) {
    return new WebPCodec(checkQuality(quality), false);
  }

  /** Lossy at {@code quality}, without the RIFF header on the wire. */
  static WebPCodec lossyHeaderless(int quality) {
    return new WebPCodec(checkQuality(quality), true);
  }

  static WebPCodec losslessCodec() {
    return new WebPCodec(null, false);
  }

  private static int checkQuality(int quality) {
    if (quality < 0 || quality > 100) {
      throw new IllegalArgumentException("WebP quality must be in 0..100, got " + quality);
    }
    return quality;
  }

  @Override
  public String series() {
    if (quality == null) {
      return "WebP lossless";
    }
    return headerless ? "WebP lossy, no RIFF header" : "WebP lossy";
  }

  @Override
  public String setting() {
    return quality == null ? "default" : "q=" + quality;
  }

  @Override
  public boolean lossless() {
    return quality == null;
  }

  @Override
  public byte[] encode(byte[] pixels, int width, int height) {
    byte[] file = GrayImages.write(writer, param, GrayImages.toImage(pixels, width, height));
    if (!headerless) {
      return file;
    }
    if (file.length < RIFF_HEADER_BYTES || !"VP8 ".equals(ascii(file, 12))) {
      throw new IllegalStateException("libwebp did not write a simple lossy (VP8) file");
    }
    // The chunk size excludes the pad byte of an odd-length chunk: the pad need not travel.
    int chunk = ByteBuffer.wrap(file, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return Arrays.copyOfRange(file, RIFF_HEADER_BYTES, RIFF_HEADER_BYTES + chunk);
  }

  @Override
  public byte[] decode(byte[] data, int width, int height) {
    byte[] file = headerless ? withRiffHeader(data) : data;
    return GrayImages.toPixels(GrayImages.read(file), width, height);
  }

  /** Rebuilds the header that {@link #encode} dropped; it depends only on the payload length. */
  static byte[] withRiffHeader(byte[] vp8) {
    int padded = vp8.length + (vp8.length & 1); // RIFF chunks are padded to even length
    ByteBuffer file =
        ByteBuffer.allocate(RIFF_HEADER_BYTES + padded).order(ByteOrder.LITTLE_ENDIAN);
    file.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(12 + padded);
    file.put(new byte[] {'W', 'E', 'B', 'P', 'V', 'P', '8', ' '}).putInt(vp8.length);
    file.put(vp8);
    return file.array();
  }

  private static String ascii(byte[] bytes, int offset) {
    return new String(bytes, offset, 4, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
