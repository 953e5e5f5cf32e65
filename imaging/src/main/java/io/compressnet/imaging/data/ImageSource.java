package io.compressnet.imaging.data;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;

/**
 * Where a command's images come from, as the user names it: an IDX file ({@code idx3-ubyte}, gzip
 * or plain), a directory of PNG/JPEG files (searched recursively), or a glob of them ({@code
 * crops/*.png}).
 *
 * <p>IDX files hold row-major images except EMNIST's, which NIST stores transposed. Without an
 * explicit layout a file whose name contains {@code emnist} is read as EMNIST's, every other file
 * as row-major (MNIST, Fashion-MNIST).
 *
 * @param location the file, directory or glob
 * @param layout the IDX layout, or null to decide by the file name; only for IDX files
 * @param channels 1 or 3 to convert every image to grayscale or RGB, 0 to keep what the files hold
 */
public record ImageSource(String location, IdxReader.Layout layout, int channels) {

  private static final String GLOB_CHARACTERS = "*?[{";

  public ImageSource {
    if (channels != 0 && channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels is 1, 3 or 0 (as stored), got " + channels);
    }
  }

  /** A source read as stored, with the IDX layout decided by the file name. */
  public static ImageSource of(String location) {
    return new ImageSource(location, null, 0);
  }

  /** A source read as stored, with the IDX layout decided by the file name. */
  public static ImageSource of(Path location) {
    return of(location.toString());
  }

  /** The same source with every image converted to {@code newChannels} (0: as stored). */
  public ImageSource withChannels(int newChannels) {
    return new ImageSource(location, layout, newChannels);
  }

  /** Reads every image ({@code limit <= 0}) or the first {@code limit}, with labels if any. */
  public LabelledImages read(int limit, ReadProgress progress) throws IOException {
    if (isGlob()) {
      return readFiles(globRoot(), matching(), limit, progress);
    }
    Path path = Path.of(location);
    if (Files.isDirectory(path)) {
      return readFiles(path, file -> true, limit, progress);
    }
    if (!Files.exists(path)) {
      throw new ImageSourceException(
          "no such file or directory: "
              + path.toAbsolutePath()
              + " (give an IDX file, a directory of PNG/JPEG files or a glob such as"
              + " 'crops/*.png')");
    }
    if (ImageFiles.isImageFile(path)) {
      Path file = path.toAbsolutePath();
      return readFiles(file.getParent(), file::equals, limit, progress);
    }
    return readIdx(path, limit);
  }

  /** Reads the images only. */
  public ImageSet readImages(int limit) throws IOException {
    return read(limit, ReadProgress.NONE).images();
  }

  /** True when the source is one IDX file (the only kind with a layout). */
  public boolean isIdx() {
    Path path = isGlob() ? null : Path.of(location);
    return path != null && Files.isRegularFile(path) && !ImageFiles.isImageFile(path);
  }

  /** The IDX layout this source is read with: the explicit one, else by the file name. */
  public IdxReader.Layout effectiveLayout() {
    if (layout != null) {
      return layout;
    }
    String name = Path.of(location).getFileName().toString().toLowerCase(Locale.ROOT);
    return name.contains("emnist") ? IdxReader.Layout.TRANSPOSED : IdxReader.Layout.ROW_MAJOR;
  }

  /**
   * A short lower-case name for the data, the first part of default model names: {@code emnist} for
   * EMNIST's files, else the directory the images are in (or the directory itself).
   */
  public String datasetName() {
    if (!isGlob() && isIdx() && effectiveLayout() == IdxReader.Layout.TRANSPOSED) {
      return "emnist";
    }
    Path path = isGlob() ? globRoot() : Path.of(location);
    Path named = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
    Path fileName = named == null ? null : named.toAbsolutePath().normalize().getFileName();
    String slug =
        fileName == null
            ? ""
            : fileName.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    slug = slug.replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "images" : slug;
  }

  /** The file name, directory name or glob, for messages and reports. */
  public String displayName() {
    Path fileName = Path.of(location).getFileName();
    return isGlob() || fileName == null ? location : fileName.toString();
  }

  private LabelledImages readIdx(Path file, int limit) throws IOException {
    ImageSet set = IdxReader.readImages(file, effectiveLayout(), limit);
    set = channels == 0 ? set : Colour.withChannels(set, channels);
    Path labelsFile = IdxReader.labelsFileFor(file);
    if (!Files.isRegularFile(labelsFile) || labelsFile.equals(file)) {
      return LabelledImages.unlabelled(set);
    }
    return IdxReader.labelled(set, IdxReader.readLabels(labelsFile, set.size()));
  }

  private LabelledImages readFiles(
      Path root, java.util.function.Predicate<Path> accept, int limit, ReadProgress progress)
      throws IOException {
    if (layout != null) {
      throw new ImageSourceException(
          "--layout applies to IDX files only; " + location + " is PNG/JPEG images");
    }
    if (!Files.isDirectory(root)) {
      throw new ImageSourceException("no such directory: " + root.toAbsolutePath());
    }
    List<Path> files = ImageFiles.list(root, accept);
    if (files.isEmpty()) {
      throw new ImageSourceException(
          "no .png, .jpg or .jpeg files in " + location + " (searched " + root + " recursively)");
    }
    return ImageFiles.read(root, files, channels, limit, progress);
  }

  private boolean isGlob() {
    return location.chars().anyMatch(c -> GLOB_CHARACTERS.indexOf(c) >= 0);
  }

  /** The directory above the first glob character: where the search starts. */
  private Path globRoot() {
    int firstGlob = 0;
    while (GLOB_CHARACTERS.indexOf(location.charAt(firstGlob)) < 0) {
      firstGlob++;
    }
    String prefix = location.substring(0, firstGlob);
    int cut = prefix.lastIndexOf('/');
    return cut < 0 ? Path.of(".") : Path.of(cut == 0 ? "/" : prefix.substring(0, cut));
  }

  private java.util.function.Predicate<Path> matching() {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + location);
    // A walk from "." yields "./a.png", which "*.png" does not match, so the normal form is tried
    // too.
    return file -> matcher.matches(file) || matcher.matches(file.normalize());
  }
}
