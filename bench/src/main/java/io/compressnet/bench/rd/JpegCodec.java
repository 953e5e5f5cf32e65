package io.compressnet.bench.rd;

import io.compressnet.bench.rd.ImageCodec.Framing;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageWriteParam;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;

/**
 * Baseline grayscale JPEG through the JDK's ImageIO writer (JFIF, standard Huffman tables) at a
 * quality in (0, 1].
 *
 * <p>Its {@linkplain #framings() framing} "scan data only" sends just the entropy-coded scan: every
 * header segment up to and including the start-of-scan (SOI, APP0/JFIF, DQT, SOF0, DHT, SOS) is the
 * same for every image of one size at one quality, so a receiver can regenerate it, and the
 * end-of-image marker is implied. Stripping checks that each file's headers are the shared ones.
 */
final class JpegCodec extends ImageIoCodec {

  static final String HEADERLESS_SERIES = "JPEG, scan data only";

  private JpegCodec(float quality, JPEGImageWriteParam param) {
    super("JPEG", String.format(Locale.ROOT, "q=%.2f", quality), false, writer("jpeg"), param);
  }

  static JpegCodec of(float quality) {
    if (!(quality > 0 && quality <= 1)) {
      throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
    }
    JPEGImageWriteParam param = new JPEGImageWriteParam(Locale.ROOT);
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    return new JpegCodec(quality, param);
  }

  /** A new scan-only framing; it learns the shared header from the first file it strips. */
  @Override
  public List<Framing> framings() {
    ScanOnly scanOnly = new ScanOnly();
    return List.of(new Framing(HEADERLESS_SERIES, scanOnly::strip, scanOnly::restore));
  }

  /** Strips and restores the shared headers and the EOI marker. */
  private static final class ScanOnly {
    private byte[] sharedHeader;

    byte[] strip(byte[] file) {
      int scanStart = scanDataOffset(file);
      byte[] header = Arrays.copyOf(file, scanStart);
      if (sharedHeader == null) {
        sharedHeader = header;
      } else if (!Arrays.equals(sharedHeader, header)) {
        throw new IllegalStateException("JPEG headers differ between images of one setting");
      }
      int end = file.length;
      if (end < 2 || (file[end - 2] & 0xFF) != 0xFF || (file[end - 1] & 0xFF) != 0xD9) {
        throw new IllegalStateException("JPEG does not end with EOI");
      }
      return Arrays.copyOfRange(file, scanStart, end - 2);
    }

    byte[] restore(byte[] payload) {
      if (sharedHeader == null) {
        throw new IllegalStateException("no shared header learnt yet");
      }
      byte[] file = Arrays.copyOf(sharedHeader, sharedHeader.length + payload.length + 2);
      System.arraycopy(payload, 0, file, sharedHeader.length, payload.length);
      file[file.length - 2] = (byte) 0xFF;
      file[file.length - 1] = (byte) 0xD9;
      return file;
    }
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
