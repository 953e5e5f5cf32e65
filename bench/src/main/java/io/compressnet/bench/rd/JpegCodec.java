package io.compressnet.bench.rd;

import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;

/**
 * Baseline grayscale JPEG through the JDK's ImageIO writer (JFIF, standard Huffman tables) at a
 * quality in (0, 1].
 *
 * <p>The {@code headerless} variant sends only the entropy-coded scan: every header segment up to
 * and including the start-of-scan (SOI, APP0/JFIF, DQT, SOF0, DHT, SOS) is the same for every 28x28
 * image at one quality, so sender and receiver can both regenerate it, and the end-of-image marker
 * is implied. Encoding checks that an image's headers really are the shared ones.
 */
final class JpegCodec implements ImageCodec {

  private final ImageWriter writer = GrayImages.writer("jpeg");
  private final JPEGImageWriteParam param = new JPEGImageWriteParam(Locale.ROOT);
  private final float quality;
  private final boolean headerless;
  private byte[] sharedHeader; // of the first image encoded; set lazily per image size

  private JpegCodec(float quality, boolean headerless) {
    if (!(quality > 0 && quality <= 1)) {
      throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
    }
    this.quality = quality;
    this.headerless = headerless;
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
  }

  static JpegCodec of(float quality) {
    return new JpegCodec(quality, false);
  }

  static JpegCodec headerless(float quality) {
    return new JpegCodec(quality, true);
  }

  @Override
  public String series() {
    return headerless ? "JPEG, scan data only" : "JPEG";
  }

  @Override
  public String setting() {
    return String.format(Locale.ROOT, "q=%.2f", quality);
  }

  @Override
  public boolean lossless() {
    return false;
  }

  @Override
  public byte[] encode(byte[] pixels, int width, int height) {
    byte[] file = GrayImages.write(writer, param, GrayImages.toImage(pixels, width, height));
    if (!headerless) {
      return file;
    }
    int scanStart = scanDataOffset(file);
    byte[] header = Arrays.copyOf(file, scanStart);
    if (sharedHeader == null) {
      sharedHeader = header;
    } else if (!Arrays.equals(sharedHeader, header)) {
      throw new IllegalStateException("JPEG headers differ between images of one setting");
    }
    int end = file.length;
    if (end >= 2 && (file[end - 2] & 0xFF) == 0xFF && (file[end - 1] & 0xFF) == 0xD9) {
      end -= 2;
    }
    return Arrays.copyOfRange(file, scanStart, end);
  }

  @Override
  public byte[] decode(byte[] data, int width, int height) {
    byte[] file = data;
    if (headerless) {
      if (sharedHeader == null) {
        // The receiver regenerates the shared header by encoding any image of this size.
        encode(new byte[width * height], width, height);
      }
      file = new byte[sharedHeader.length + data.length + 2];
      System.arraycopy(sharedHeader, 0, file, 0, sharedHeader.length);
      System.arraycopy(data, 0, file, sharedHeader.length, data.length);
      file[file.length - 2] = (byte) 0xFF;
      file[file.length - 1] = (byte) 0xD9;
    }
    return GrayImages.toPixels(GrayImages.read(file), width, height);
  }

  /** Offset just past the SOS segment, where the entropy-coded data begins. */
  static int scanDataOffset(byte[] file) {
    int pos = 2; // after SOI
    while (pos + 4 <= file.length) {
      if ((file[pos] & 0xFF) != 0xFF) {
        throw new IllegalStateException("not a JPEG marker at offset " + pos);
      }
      int marker = file[pos + 1] & 0xFF;
      int length = ((file[pos + 2] & 0xFF) << 8) | (file[pos + 3] & 0xFF);
      pos += 2 + length;
      if (marker == 0xDA) {
        return pos;
      }
    }
    throw new IllegalStateException("JPEG without a start-of-scan segment");
  }
}
