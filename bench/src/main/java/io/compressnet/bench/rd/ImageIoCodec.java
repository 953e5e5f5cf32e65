package io.compressnet.bench.rd;

import io.compressnet.imaging.data.Colour;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A codec through an ImageIO writer (one per instance, hence one instance per thread) and {@code
 * ImageIO.read}: PNG as it is, JPEG and WebP with their settings and framings.
 */
class ImageIoCodec extends ImageCodec {

  private final ImageWriter writer;
  private final ImageWriteParam param;

  ImageIoCodec(
      String series, String setting, boolean lossless, ImageWriter writer, ImageWriteParam param) {
    super(series, setting, lossless);
    this.writer = writer;
    this.param = param;
  }

  /** 8-bit PNG through the JDK's writer, default settings. */
  static ImageIoCodec png() {
    ImageWriter writer = writer("png");
    return new ImageIoCodec("PNG", "default", true, writer, writer.getDefaultWriteParam());
  }

  static ImageWriter writer(String formatName) {
    var writers = ImageIO.getImageWritersByFormatName(formatName);
    if (!writers.hasNext()) {
      throw new IllegalStateException("no ImageIO writer for " + formatName);
    }
    return writers.next();
  }

  @Override
  public byte[] encode(byte[] pixels, int width, int height, int channels) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(toImage(pixels, width, height, channels), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding failed", e);
    } finally {
      writer.setOutput(null);
    }
    return bytes.toByteArray();
  }

  @Override
  public byte[] decode(byte[] data, int width, int height, int channels) {
    try {
      return toPixels(ImageIO.read(new ByteArrayInputStream(data)), width, height, channels);
    } catch (IOException e) {
      throw new UncheckedIOException("decoding failed", e);
    }
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
      image.getRaster().getDataElements(0, 0, width, height, out);
      if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
        return out;
      }
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
      int b = rgb[i] & 0xFF;
      out[i] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
    return out;
  }
}
