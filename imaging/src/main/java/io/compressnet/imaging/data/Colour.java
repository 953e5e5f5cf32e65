package io.compressnet.imaging.data;

/** Conversions between grayscale and interleaved 8-bit RGB. */
public final class Colour {

  private Colour() {}

  /** The luma of an sRGB pixel, ITU-R BT.601 weights (0.299, 0.587, 0.114), rounded. */
  public static int luma(int r, int g, int b) {
    return (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }

  /** Packed 0xRRGGBB pixels (as {@code BufferedImage.getRGB} returns them) as interleaved bytes. */
  public static byte[] interleave(int[] packedRgb) {
    byte[] out = new byte[packedRgb.length * 3];
    for (int i = 0; i < packedRgb.length; i++) {
      out[3 * i] = (byte) (packedRgb[i] >> 16);
      out[3 * i + 1] = (byte) (packedRgb[i] >> 8);
      out[3 * i + 2] = (byte) packedRgb[i];
    }
    return out;
  }

  /** Grayscale values repeated into R, G and B. */
  public static byte[] grayToRgb(byte[] gray) {
    byte[] out = new byte[gray.length * 3];
    for (int i = 0; i < gray.length; i++) {
      out[3 * i] = gray[i];
      out[3 * i + 1] = gray[i];
      out[3 * i + 2] = gray[i];
    }
    return out;
  }

  /** Interleaved RGB reduced to luma. */
  public static byte[] rgbToGray(byte[] rgb) {
    byte[] out = new byte[rgb.length / 3];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) luma(rgb[3 * i] & 0xff, rgb[3 * i + 1] & 0xff, rgb[3 * i + 2] & 0xff);
    }
    return out;
  }

  /** Every image of {@code set} with {@code channels} channels (1 or 3), converting if needed. */
  public static ImageSet withChannels(ImageSet set, int channels) {
    if (set.channels() == channels) {
      return set;
    }
    byte[][] out = new byte[set.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = channels == 1 ? rgbToGray(set.images()[i]) : grayToRgb(set.images()[i]);
    }
    return new ImageSet(out, set.width(), set.height(), channels);
  }
}
