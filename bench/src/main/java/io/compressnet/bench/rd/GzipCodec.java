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
final class GzipCodec implements ImageCodec {

  @Override
  public String series() {
    return "gzip raw pixels";
  }

  @Override
  public String setting() {
    return "level 9";
  }

  @Override
  public boolean lossless() {
    return true;
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
      byte[] out = in.readAllBytes();
      if (out.length != width * height * channels) {
        throw new IllegalStateException("gzip gave " + out.length + " bytes");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
