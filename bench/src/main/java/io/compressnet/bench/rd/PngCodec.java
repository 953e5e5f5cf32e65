package io.compressnet.bench.rd;

import javax.imageio.ImageWriter;

/** 8-bit grayscale PNG through the JDK's ImageIO writer, default settings. */
final class PngCodec implements ImageCodec {

  private final ImageWriter writer = GrayImages.writer("png");

  @Override
  public String series() {
    return "PNG";
  }

  @Override
  public String setting() {
    return "default";
  }

  @Override
  public boolean lossless() {
    return true;
  }

  @Override
  public byte[] encode(byte[] pixels, int width, int height, int channels) {
    return GrayImages.write(
        writer, writer.getDefaultWriteParam(), GrayImages.toImage(pixels, width, height, channels));
  }

  @Override
  public byte[] decode(byte[] data, int width, int height, int channels) {
    return GrayImages.toPixels(GrayImages.read(data), width, height, channels);
  }
}
