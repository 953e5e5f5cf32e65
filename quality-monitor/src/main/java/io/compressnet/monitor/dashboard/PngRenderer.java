package io.compressnet.monitor.dashboard;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** 8-bit grayscale pixels to a PNG, enlarged by pixel repetition so small images stay crisp. */
public final class PngRenderer {
  private PngRenderer() {}

  public static byte[] render(byte[] pixels, int width, int height, int scale) {
    if (scale < 1 || scale > 16) {
      throw new IllegalArgumentException("scale must be 1..16, got " + scale);
    }
    BufferedImage img =
        new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = img.getRaster();
    int[] block = new int[scale * scale];
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        java.util.Arrays.fill(block, pixels[r * width + c] & 0xFF);
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
