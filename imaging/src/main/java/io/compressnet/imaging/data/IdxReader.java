package io.compressnet.imaging.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format used by MNIST and EMNIST ({@code idx3-ubyte} images, {@code idx1-ubyte}
 * labels), gzip-compressed or plain. EMNIST stores every image transposed (column-major); {@link
 * Layout#TRANSPOSED} turns it back into the row-major layout the rest of CompressNet uses.
 */
public final class IdxReader {

  /** How pixels are laid out inside each image of the file. */
  public enum Layout {
    /** Row-major, as MNIST and Fashion-MNIST ship; the command-line name is {@code row-major}. */
    ROW_MAJOR("row-major"),
    /**
     * Column-major, as EMNIST ships: transposed on read; the command-line name is {@code emnist}.
     */
    TRANSPOSED("emnist");

    private final String optionName;

    Layout(String optionName) {
      this.optionName = optionName;
    }

    /** The name users give on the command line. */
    public String optionName() {
      return optionName;
    }

    /** The layout of a command-line name ({@code row-major} or {@code emnist}). */
    public static Layout fromOptionName(String name) {
      for (Layout layout : values()) {
        if (layout.optionName.equalsIgnoreCase(name)) {
          return layout;
        }
      }
      throw new IllegalArgumentException(
          "unknown IDX layout '" + name + "': use row-major (MNIST, Fashion-MNIST) or emnist");
    }
  }

  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;
  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  private IdxReader() {}

  /** Reads an images file, optionally only its first {@code limit} images ({@code <= 0}: all). */
  public static ImageSet readImages(Path file, Layout layout, int limit) throws IOException {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC) {
        throw new IdxFormatException(
            String.format(
                "%s is not an IDX image file: magic number 0x%08x, expected 0x%08x (idx3-ubyte)",
                file, magic, IMAGES_MAGIC));
      }
      int declared = in.readInt();
      int fileRows = in.readInt();
      int fileColumns = in.readInt();
      // A transposed file stores image column x as file row x: the image is fileColumns tall.
      boolean transposed = layout == Layout.TRANSPOSED;
      int width = transposed ? fileRows : fileColumns;
      int height = transposed ? fileColumns : fileRows;
      int count = limit > 0 ? Math.min(limit, declared) : declared;
      byte[][] images = new byte[count][];
      byte[] buffer = new byte[width * height];
      for (int i = 0; i < count; i++) {
        readFully(in, buffer, file, i, declared);
        images[i] = transposed ? transpose(buffer, width, height) : buffer.clone();
      }
      return new ImageSet(images, width, height);
    }
  }

  /** Reads a labels file, optionally only its first {@code limit} labels ({@code <= 0}: all). */
  public static int[] readLabels(Path file, int limit) throws IOException {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC) {
        throw new IdxFormatException(
            String.format(
                "%s is not an IDX label file: magic number 0x%08x, expected 0x%08x (idx1-ubyte)",
                file, magic, LABELS_MAGIC));
      }
      int declared = in.readInt();
      int count = limit > 0 ? Math.min(limit, declared) : declared;
      byte[] raw = new byte[count];
      readFully(in, raw, file, 0, declared);
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    }
  }

  /** Images with their IDX labels; the class names are the label numbers, 0 to the largest. */
  public static LabelledImages labelled(ImageSet set, int[] labels) {
    int max = 0;
    for (int label : labels) {
      max = Math.max(max, label);
    }
    java.util.List<String> names = new java.util.ArrayList<>(max + 1);
    for (int i = 0; i <= max; i++) {
      names.add(Integer.toString(i));
    }
    return new LabelledImages(set, labels, names);
  }

  /** The labels file that NIST ships beside an images file, if the name follows the convention. */
  public static Path labelsFileFor(Path imagesFile) {
    String name = imagesFile.getFileName().toString().replace("-images-idx3-", "-labels-idx1-");
    return imagesFile.resolveSibling(name);
  }

  static byte[] transpose(byte[] columnMajor, int width, int height) {
    byte[] rowMajor = new byte[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        rowMajor[y * width + x] = columnMajor[x * height + y];
      }
    }
    return rowMajor;
  }

  private static void readFully(
      DataInputStream in, byte[] buffer, Path file, int index, int declared) throws IOException {
    try {
      in.readFully(buffer);
    } catch (EOFException e) {
      throw new IdxFormatException(
          String.format(
              "%s is truncated: the header declares %d items but the data ends at item %d",
              file, declared, index),
          e);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IdxFormatException("IDX file not found: " + file.toAbsolutePath());
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b1 = raw.read();
    int b2 = raw.read();
    raw.reset();
    InputStream body =
        b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2
            ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16)
            : raw;
    return new DataInputStream(body);
  }
}
