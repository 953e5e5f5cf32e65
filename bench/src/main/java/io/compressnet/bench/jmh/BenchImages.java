package io.compressnet.bench.jmh;

import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Images for the JMH benchmarks: the EMNIST sample when the benchmark runs from the repository root
 * (or {@code -Dcompressnet.bench.images=FILE}), otherwise deterministic pseudo-random strokes of
 * the same size, so a benchmark never fails for want of data.
 */
final class BenchImages {

  static final String IMAGES_PROPERTY = "compressnet.bench.images";
  static final Path SAMPLE = Path.of("data", "sample", "emnist-sample-images-idx3-ubyte.gz");

  private BenchImages() {}

  static ImageSet load(int count) {
    Path file = Path.of(System.getProperty(IMAGES_PROPERTY, SAMPLE.toString()));
    if (Files.isRegularFile(file)) {
      try {
        return IdxReader.readImages(file, IdxReader.Layout.TRANSPOSED, count);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Random random = new Random(42);
    byte[][] images = new byte[count][28 * 28];
    for (byte[] image : images) {
      for (int i = 0; i < image.length; i++) {
        image[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 0);
      }
    }
    return new ImageSet(images, 28, 28);
  }
}
