package io.compressnet.imaging.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads PNG and JPEG files (through the JDK's ImageIO) into one {@link ImageSet}.
 *
 * <p>Grayscale files are read as their stored values (8-bit as is, 16-bit rounded to 8); any other
 * file as sRGB, alpha ignored. The set is RGB if any pixel of any file has R ≠ G or G ≠ B, else
 * grayscale, so an RGB-saved grayscale dataset stays one channel. Every file must have the same
 * size. Files in subdirectories of the root are labelled with the subdirectory's name (the "one
 * folder per class" convention) when every file sits in one.
 */
final class ImageFiles {

  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

  private ImageFiles() {}

  /** True for a name ImageFiles reads: {@code .png}, {@code .jpg} or {@code .jpeg}, any case. */
  static boolean isImageFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /** The image files under {@code root} (recursively) that {@code accept} takes, sorted by path. */
  static List<Path> list(Path root, java.util.function.Predicate<Path> accept) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(ImageFiles::isImageFile)
          .filter(accept)
          .sorted()
          .toList();
    }
  }

  /**
   * Decodes {@code files} (the first {@code limit}, {@code <= 0}: all), labelled by subdirectory of
   * {@code root} when every file sits in one.
   */
  static LabelledImages read(
      Path root, List<Path> files, int channels, int limit, ReadProgress progress)
      throws IOException {
    List<Path> chosen = limit > 0 && limit < files.size() ? files.subList(0, limit) : files;
    List<Decoded> decoded = new ArrayList<>(chosen.size());
    progress.started(chosen.size());
    try {
      Decoded first = null;
      for (Path file : chosen) {
        Decoded image = decode(file);
        if (first == null) {
          first = image;
        } else if (image.width != first.width || image.height != first.height) {
          throw new ImageSourceException(
              String.format(
                  "%s is %dx%d but %s is %dx%d: every image of a source must have one size"
                      + " (resize or crop them first, or keep each size in its own folder)",
                  file, image.width, image.height, first.file, first.width, first.height));
        }
        decoded.add(image);
        progress.advanced();
      }
    } finally {
      progress.finished();
    }
    int outChannels = channels > 0 ? channels : anyColour(decoded) ? 3 : 1;
    byte[][] pixels = new byte[decoded.size()][];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = decoded.get(i).toChannels(outChannels);
    }
    Decoded first = decoded.get(0);
    ImageSet set = new ImageSet(pixels, first.width, first.height, outChannels);
    return labelled(root, chosen, set);
  }

  private static boolean anyColour(List<Decoded> images) {
    return images.stream().anyMatch(Decoded::hasColour);
  }

  private static LabelledImages labelled(Path root, List<Path> files, ImageSet set) {
    List<String> classOfFile = new ArrayList<>(files.size());
    for (Path file : files) {
      Path relative = root.relativize(file);
      if (relative.getNameCount() < 2) {
        return LabelledImages.unlabelled(set);
      }
      classOfFile.add(relative.getName(0).toString());
    }
    List<String> classes = new ArrayList<>(new TreeSet<>(classOfFile));
    int[] labels = classOfFile.stream().mapToInt(classes::indexOf).toArray();
    return new LabelledImages(set, labels, classes);
  }

  private static Decoded decode(Path file) throws ImageSourceException {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new ImageSourceException(file + " is not a readable PNG or JPEG image: " + e, e);
    }
    if (image == null) {
      throw new ImageSourceException(
          file + " is not a PNG or JPEG image the JDK can decode (no ImageIO reader took it)");
    }
    return isStoredGray(image.getColorModel())
        ? Decoded.gray(file, image)
        : Decoded.rgb(file, image);
  }

  /** Gray stored as component values (not a palette): read the values, not a colour conversion. */
  private static boolean isStoredGray(ColorModel model) {
    return model instanceof ComponentColorModel
        && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
  }

  /** One decoded file: gray values, or packed 0xRRGGBB. */
  private record Decoded(Path file, int width, int height, byte[] gray, int[] rgb) {

    static Decoded gray(Path file, BufferedImage image) {
      Raster raster = image.getRaster();
      int bits = image.getColorModel().getComponentSize(0);
      int max = (1 << bits) - 1;
      int w = image.getWidth();
      int h = image.getHeight();
      byte[] out = new byte[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int v = raster.getSample(x, y, 0);
          out[y * w + x] = (byte) (bits == 8 ? v : Math.round(v * 255.0 / max));
        }
      }
      return new Decoded(file, w, h, out, null);
    }

    static Decoded rgb(Path file, BufferedImage image) {
      int w = image.getWidth();
      int h = image.getHeight();
      return new Decoded(file, w, h, null, image.getRGB(0, 0, w, h, null, 0, w));
    }

    boolean hasColour() {
      if (rgb == null) {
        return false;
      }
      for (int p : rgb) {
        int r = (p >> 16) & 0xff;
        int g = (p >> 8) & 0xff;
        int b = p & 0xff;
        if (r != g || g != b) {
          return true;
        }
      }
      return false;
    }

    byte[] toChannels(int channels) {
      return channels == 1 ? toGray() : toRgb();
    }

    private byte[] toGray() {
      if (gray != null) {
        return gray;
      }
      byte[] out = new byte[rgb.length];
      for (int i = 0; i < rgb.length; i++) {
        out[i] = (byte) Colour.luma(rgb[i] >> 16 & 0xff, rgb[i] >> 8 & 0xff, rgb[i] & 0xff);
      }
      return out;
    }

    private byte[] toRgb() {
      if (rgb == null) {
        return Colour.grayToRgb(gray);
      }
      return Colour.interleave(rgb);
    }
  }
}
