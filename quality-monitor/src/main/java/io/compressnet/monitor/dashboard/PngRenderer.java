package io.compressnet.monitor.dashboard;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * 8-bit pixels (grayscale, or interleaved RGB) to a PNG, enlarged by pixel repetition so small
 * images stay crisp. Values are written as stored: a gray PNG for one channel, an RGB PNG for
 * three.
 */
public final class PngRenderer {
  private PngRenderer() {}

  public static byte[] render(byte[] pixels, int width, int height, int channels, int scale) {
    if (scale < 1 || scale > 16) {
      throw new IllegalArgumentException("scale must be 1..16, got " + scale);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    int type = channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
    BufferedImage img = new BufferedImage(width * scale, height * scale, type);
    WritableRaster raster = img.getRaster();
    int[] block = new int[scale * scale * channels];
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        int base = (r * width + c) * channels;
        for (int k = 0; k < block.length; k++) {
          // The raster's bands are R, G, B in that order whatever the byte layout behind it.
          block[k] = pixels[base + k % channels] & 0xFF;
        }
        raster.setPixels(c * scale, r * scale, scale, scale, block);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
