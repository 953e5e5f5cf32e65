package io.compressnet.bench.rd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip (java.util.zip, best compression) of the raw pixels, one gzip member per image, including
 * its 18 bytes of header and trailer.
 */
final class GzipCodec extends ImageCodec {

  GzipCodec() {
    super("gzip raw pixels", "level 9", true);
  }

  @Override
  public byte[] encode(byte[] pixels, int width, int height, int channels) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (GZIPOutputStream gzip =
        new GZIPOutputStream(bytes) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      gzip.write(pixels);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public byte[] decode(byte[] data, int width, int height, int channels) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return wholeImage("gzip", in.readAllBytes(), width * height * channels);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
