package io.compressnet.bench.rd;

import com.luciad.imageio.webp.CompressionType;
import com.luciad.imageio.webp.WebPWriteParam;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * WebP through {@code webp-imageio} (its bundled native libwebp), lossy at a quality or lossless,
 * default encoder settings otherwise.
 *
 * <p>Lossy files also get a {@linkplain #framings() framing} without the 20-byte RIFF container
 * header ({@code RIFF}, size, {@code WEBP}, {@code VP8 }, chunk size), rebuilt from the message
 * length, so only the VP8 bitstream travels. That works for the simple lossy file format, which is
 * what libwebp writes for an opaque image without metadata; anything else is refused.
 */
final class WebPCodec implements ImageCodec {

  static final int RIFF_HEADER_BYTES = 20;
  static final String HEADERLESS_SERIES = "WebP lossy, no RIFF header";

  private final ImageWriter writer = GrayImages.writer("webp");
  private final WebPWriteParam param = new WebPWriteParam(Locale.ROOT);
  private final Integer quality;

  private WebPCodec(Integer quality) {
    this.quality = quality;
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
    if (quality < 0 || quality > 100) {
      throw new IllegalArgumentException("WebP quality must be in 0..100, got " + quality);
    }
    return new WebPCodec(quality);
  }

  static WebPCodec losslessCodec() {
    return new WebPCodec(null);
  }

  @Override
  public String series() {
    return quality == null ? "WebP lossless" : "WebP lossy";
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
  public byte[] encode(byte[] pixels, int width, int height, int channels) {
    return GrayImages.write(writer, param, GrayImages.toImage(pixels, width, height, channels));
  }

  @Override
  public byte[] decode(byte[] data, int width, int height, int channels) {
    return GrayImages.toPixels(GrayImages.read(data), width, height, channels);
  }

  @Override
  public List<Framing> framings() {
    return quality == null ? List.of() : List.of(RIFF_LESS);
  }

  static final Framing RIFF_LESS =
      new Framing() {
        @Override
        public String series() {
          return HEADERLESS_SERIES;
        }

        @Override
        public byte[] strip(byte[] file) {
          return vp8Payload(file);
        }

        @Override
        public byte[] restore(byte[] payload) {
          return withRiffHeader(payload);
        }
      };

  /** The VP8 bitstream of a simple lossy WebP file (without the pad byte of an odd chunk). */
  static byte[] vp8Payload(byte[] file) {
    if (file.length < RIFF_HEADER_BYTES
        || !"VP8 ".equals(new String(file, 12, 4, StandardCharsets.US_ASCII))) {
      throw new IllegalStateException("libwebp did not write a simple lossy (VP8) file");
    }
    int chunk = ByteBuffer.wrap(file, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return Arrays.copyOfRange(file, RIFF_HEADER_BYTES, RIFF_HEADER_BYTES + chunk);
  }

  /** Rebuilds the header that {@link #vp8Payload} dropped; it depends only on the length. */
  static byte[] withRiffHeader(byte[] vp8) {
    int padded = vp8.length + (vp8.length & 1); // RIFF chunks are padded to even length
    ByteBuffer file =
        ByteBuffer.allocate(RIFF_HEADER_BYTES + padded).order(ByteOrder.LITTLE_ENDIAN);
    file.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(12 + padded);
    file.put(new byte[] {'W', 'E', 'B', 'P', 'V', 'P', '8', ' '}).putInt(vp8.length);
    file.put(vp8);
    return file.array();
  }
}
