package io.compressnet.bench.rd;

import com.luciad.imageio.webp.CompressionType;
import com.luciad.imageio.webp.WebPWriteParam;
import io.compressnet.bench.rd.ImageCodec.Framing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageWriteParam;

/**
 * WebP through {@code webp-imageio} (its bundled native libwebp), lossy at a quality or lossless,
 * default encoder settings otherwise.
 *
 * <p>Lossy files also get a {@linkplain #framings() framing} without the 20-byte RIFF container
 * header ({@code RIFF}, size, {@code WEBP}, {@code VP8 }, chunk size), rebuilt from the message
 * length, so only the VP8 bitstream travels. That works for the simple lossy file format, which is
 * what libwebp writes for an opaque image without metadata; anything else is refused.
 */
final class WebPCodec extends ImageIoCodec {

  static final int RIFF_HEADER_BYTES = 20;
  static final String HEADERLESS_SERIES = "WebP lossy, no RIFF header";

  private WebPCodec(String series, String setting, boolean lossless, WebPWriteParam param) {
    super(series, setting, lossless, writer("webp"), param);
  }

  /** Lossy at {@code quality} in 0..100. */
  static WebPCodec lossy(int quality) {
    if (quality < 0 || quality > 100) {
      throw new IllegalArgumentException("WebP quality must be in 0..100, got " + quality);
    }
    WebPWriteParam param = param(CompressionType.Lossy);
    param.setCompressionQuality(quality / 100f);
    return new WebPCodec("WebP lossy", "q=" + quality, false, param);
  }

  static WebPCodec losslessCodec() {
    return new WebPCodec("WebP lossless", "default", true, param(CompressionType.Lossless));
  }

  private static WebPWriteParam param(CompressionType type) {
    WebPWriteParam param = new WebPWriteParam(Locale.ROOT);
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionType(type);
    return param;
  }

  @Override
  public List<Framing> framings() {
    return lossless()
        ? List.of()
        : List.of(new Framing(HEADERLESS_SERIES, WebPCodec::vp8Payload, WebPCodec::withRiffHeader));
  }

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
