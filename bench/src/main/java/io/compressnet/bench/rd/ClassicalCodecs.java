package io.compressnet.bench.rd;

import com.github.luben.zstd.Zstd;
import com.luciad.imageio.webp.CompressionType;
import com.luciad.imageio.webp.WebPWriteParam;
import io.compressnet.bench.rd.ImageCodec.Framing;
import io.compressnet.imaging.data.Colour;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;

/**
 * The classical codecs of {@code bench rd}: WebP (webp-imageio's bundled libwebp), baseline JPEG
 * and PNG through the JDK's ImageIO writers, zstd and gzip of the raw pixels.
 */
final class ClassicalCodecs {

  static final int[] WEBP_QUALITIES = {0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
  static final float[] JPEG_QUALITIES = {
    0.05f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1
  };
  static final int RIFF_HEADER_BYTES = 20;

  private ClassicalCodecs() {}

  static Map<String, List<ImageCodec>> all() {
    Map<String, List<ImageCodec>> codecs = new LinkedHashMap<>();
    List<ImageCodec> webp = new ArrayList<>();
    Arrays.stream(WEBP_QUALITIES).forEach(q -> webp.add(webp(q)));
    webp.add(webpLossless());
    codecs.put("WebP", webp);
    List<ImageCodec> jpeg = new ArrayList<>();
    for (float q : JPEG_QUALITIES) {
      jpeg.add(jpeg(q));
    }
    codecs.put("JPEG", jpeg);
    codecs.put("PNG", List.of(png()));
    codecs.put("zstd", List.of(zstd(3), zstd(19)));
    codecs.put("gzip", List.of(gzip()));
    return codecs;
  }

  static ImageCodec zstd(int level) {
    return new ImageCodec(
        "zstd raw pixels",
        "level " + level,
        true,
        (pixels, w, h, c) -> Zstd.compress(pixels, level),
        (data, w, h, c) -> Zstd.decompress(data, w * h * c));
  }

  /** gzip (best compression) of the raw pixels, one member per image, 18 B of framing included. */
  static ImageCodec gzip() {
    return new ImageCodec(
        "gzip raw pixels",
        "level 9",
        true,
        (pixels, w, h, c) -> {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
          try (GZIPOutputStream gzip =
              new GZIPOutputStream(bytes) {
                {
                  def.setLevel(9);
                }
              }) {
            gzip.write(pixels);
          }
          return bytes.toByteArray();
        },
        (data, w, h, c) -> {
          try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
          }
        });
  }

  static ImageCodec png() {
    ImageWriter writer = writer("png");
    return imageIo("PNG", "default", true, writer, writer.getDefaultWriteParam(), List::of);
  }

  /**
   * WebP lossy at {@code quality} in 0..100, with a framing without the 20-byte RIFF container
   * header ({@code RIFF}, size, {@code WEBP}, {@code VP8 }, chunk size), rebuilt from the message
   * length. That works for the simple lossy file format, which libwebp writes for an opaque image
   * without metadata; anything else is refused.
   */
  static ImageCodec webp(int quality) {
    if (quality < 0 || quality > 100) {
      throw new IllegalArgumentException("WebP quality must be in 0..100, got " + quality);
    }
    WebPWriteParam param = webpParam(CompressionType.Lossy);
    param.setCompressionQuality(quality / 100f);
    Framing riffLess =
        new Framing(
            "WebP lossy, no RIFF header", ClassicalCodecs::vp8Payload, ClassicalCodecs::withRiff);
    return imageIo(
        "WebP lossy", "q=" + quality, false, writer("webp"), param, () -> List.of(riffLess));
  }

  static ImageCodec webpLossless() {
    WebPWriteParam param = webpParam(CompressionType.Lossless);
    return imageIo("WebP lossless", "default", true, writer("webp"), param, List::of);
  }

  private static WebPWriteParam webpParam(CompressionType type) {
    WebPWriteParam param = new WebPWriteParam(Locale.ROOT);
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionType(type);
    return param;
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
  static byte[] withRiff(byte[] vp8) {
    int padded = vp8.length + (vp8.length & 1); // RIFF chunks are padded to even length
    ByteBuffer file =
        ByteBuffer.allocate(RIFF_HEADER_BYTES + padded).order(ByteOrder.LITTLE_ENDIAN);
    file.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(12 + padded);
    file.put(new byte[] {'W', 'E', 'B', 'P', 'V', 'P', '8', ' '}).putInt(vp8.length);
    return file.put(vp8).array();
  }

  /**
   * Baseline grayscale JPEG (JFIF, standard Huffman tables) at a quality in (0, 1], with the
   * framing "scan data only": every header segment up to and including the start-of-scan is the
   * same for every image of one size at one quality, so a receiver can regenerate it, and the
   * end-of-image marker is implied. Each framing learns the shared header from the first file it
   * strips and checks that every later file has it.
   */
  static ImageCodec jpeg(float quality) {
    if (!(quality > 0 && quality <= 1)) {
      throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
    }
    JPEGImageWriteParam param = new JPEGImageWriteParam(Locale.ROOT);
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    String setting = String.format(Locale.ROOT, "q=%.2f", quality);
    return imageIo("JPEG", setting, false, writer("jpeg"), param, () -> List.of(scanOnly()));
  }

  private static Framing scanOnly() {
    byte[][] shared = new byte[1][];
    return new Framing(
        "JPEG, scan data only",
        file -> {
          int scan = scanDataOffset(file);
          byte[] header = Arrays.copyOf(file, scan);
          if (shared[0] == null) {
            shared[0] = header;
          } else if (!Arrays.equals(shared[0], header)) {
            throw new IllegalStateException("JPEG headers differ between images of one setting");
          }
          int end = file.length;
          if (end < 2 || (file[end - 2] & 0xFF) != 0xFF || (file[end - 1] & 0xFF) != 0xD9) {
            throw new IllegalStateException("JPEG does not end with EOI");
          }
          return Arrays.copyOfRange(file, scan, end - 2);
        },
        scan -> {
          byte[] file = Arrays.copyOf(shared[0], shared[0].length + scan.length + 2);
          System.arraycopy(scan, 0, file, shared[0].length, scan.length);
          file[file.length - 2] = (byte) 0xFF;
          file[file.length - 1] = (byte) 0xD9;
          return file;
        });
  }

  /** Offset just past the SOS segment, where the entropy-coded data begins. */
  static int scanDataOffset(byte[] file) {
    for (int pos = 2; pos + 4 <= file.length; ) { // after SOI
      if ((file[pos] & 0xFF) != 0xFF) {
        throw new IllegalStateException("not a JPEG marker at offset " + pos);
      }
      int marker = file[pos + 1] & 0xFF;
      pos += 2 + (((file[pos + 2] & 0xFF) << 8) | (file[pos + 3] & 0xFF));
      if (marker == 0xDA) {
        return pos;
      }
    }
    throw new IllegalStateException("JPEG without a start-of-scan segment");
  }

  private static ImageWriter writer(String format) {
    var writers = ImageIO.getImageWritersByFormatName(format);
    if (!writers.hasNext()) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    return writers.next();
  }

  /** A codec through {@code writer} (hence one instance per thread) and {@code ImageIO.read}. */
  private static ImageCodec imageIo(
      String series,
      String setting,
      boolean lossless,
      ImageWriter writer,
      ImageWriteParam param,
      Supplier<List<Framing>> framings) {
    ImageCodec.Coder encode =
        (pixels, w, h, c) -> {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
          try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(toImage(pixels, w, h, c), null, null), param);
          } finally {
            writer.setOutput(null);
          }
          return bytes.toByteArray();
        };
    ImageCodec.Coder decode =
        (data, w, h, c) -> toPixels(ImageIO.read(new ByteArrayInputStream(data)), w, h, c);
    return new ImageCodec(series, setting, lossless, encode, decode, framings);
  }

  static BufferedImage toImage(byte[] pixels, int width, int height, int channels) {
    if (pixels.length != width * height * channels) {
      throw new IllegalArgumentException(
          String.format(
              "image has %d values, expected %dx%dx%d", pixels.length, width, height, channels));
    }
    if (channels == 3) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
      int[] values = new int[pixels.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = pixels[i] & 0xFF;
      }
      // The raster's bands are R, G, B whatever the byte order behind them.
      image.getRaster().setPixels(0, 0, width, height, values);
      return image;
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    System.arraycopy(pixels, 0, target, 0, pixels.length);
    return image;
  }

  /**
   * The values of a decoded image. For one channel, gray rasters are read as they are and colour
   * ones (WebP decodes to RGB) through BT.601 luma, which gives back v for a pixel with R = G = B =
   * v; for three, the sRGB values interleaved.
   */
  static byte[] toPixels(BufferedImage image, int width, int height, int channels) {
    if (image == null) {
      throw new IllegalStateException("ImageIO could not decode the image");
    }
    if (image.getWidth() != width || image.getHeight() != height) {
      throw new IllegalStateException(
          String.format(
              "decoded %dx%d, expected %dx%d", image.getWidth(), image.getHeight(), width, height));
    }
    if (channels == 3) {
      return Colour.interleave(image.getRGB(0, 0, width, height, null, 0, width));
    }
    byte[] out = new byte[width * height];
    if (image.getRaster().getNumBands() == 1) {
      int[] samples = image.getRaster().getSamples(0, 0, width, height, 0, (int[]) null);
      for (int i = 0; i < samples.length; i++) {
        out[i] = (byte) samples[i];
      }
      return out;
    }
    int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
    for (int i = 0; i < rgb.length; i++) {
      int r = (rgb[i] >> 16) & 0xFF;
      int g = (rgb[i] >> 8) & 0xFF;
      out[i] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * (rgb[i] & 0xFF));
    }
    return out;
  }
}
