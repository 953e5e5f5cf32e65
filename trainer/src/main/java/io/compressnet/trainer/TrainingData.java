package io.compressnet.trainer;

import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.imaging.data.ImageSourceException;
import io.compressnet.imaging.data.LabelledImages;
import io.compressnet.imaging.data.ReadProgress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Training and validation images with optional labels, and the class-balanced sampler that draws
 * training batches.
 */
public final class TrainingData {

  private final byte[][] trainImages;
  private final int[] trainLabels;
  private final byte[][] validationImages;
  private final Shape shape;

  private TrainingData(
      byte[][] trainImages, int[] trainLabels, byte[][] validationImages, Shape shape) {
    this.trainImages = trainImages;
    this.trainLabels = trainLabels;
    this.validationImages = validationImages;
    this.shape = shape;
  }

  /**
   * Reads the sources of the options and makes the split. Every source must hold images of one size
   * and channel count; labels are used only when every source has them (class indices are offset
   * per source, so two sources never share a class by accident).
   */
  public static TrainingData load(TrainOptions options, ReadProgress progress) throws IOException {
    List<byte[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    boolean allLabelled = true;
    ImageSet first = null;
    ImageSource firstSource = null;
    int classOffset = 0;
    for (ImageSource source : options.trainImages()) {
      LabelledImages read = source.read(options.limit(), progress);
      ImageSet set = read.images();
      if (first == null) {
        first = set;
        firstSource = source;
      } else {
        requireSameShape(source, set, firstSource, first);
      }
      images.addAll(List.of(set.images()));
      if (read.labelled()) {
        for (int label : read.labels()) {
          labels.add(classOffset + label);
        }
        classOffset += read.classNames().size();
      } else {
        allLabelled = false;
      }
    }
    byte[][] all = images.toArray(new byte[0][]);
    int[] allLabels = allLabelled ? labels.stream().mapToInt(Integer::intValue).toArray() : null;
    Shape shape = new Shape(first.width(), first.height(), first.channels());
    if (options.validationImages() != null) {
      ImageSet validation = options.validationImages().read(0, progress).images();
      requireSameShape(options.validationImages(), validation, firstSource, first);
      return new TrainingData(all, allLabels, validation.images(), shape);
    }
    return split(all, allLabels, options.validationFraction(), options.seed(), shape);
  }

  /** Images already in memory (tests). */
  static TrainingData of(
      byte[][] trainImages, int[] trainLabels, byte[][] validationImages, Shape shape) {
    return new TrainingData(trainImages, trainLabels, validationImages, shape);
  }

  /** Image size and channel count. */
  record Shape(int width, int height, int channels) {}

  private static void requireSameShape(
      ImageSource source, ImageSet set, ImageSource firstSource, ImageSet first)
      throws ImageSourceException {
    if (set.width() != first.width()
        || set.height() != first.height()
        || set.channels() != first.channels()) {
      throw new ImageSourceException(
          String.format(
              "%s has %s images but %s has %s: one model takes one size and channel count",
              source.displayName(), describe(set), firstSource.displayName(), describe(first)));
    }
  }

  static String describe(ImageSet set) {
    return set.width() + "x" + set.height() + (set.channels() == 1 ? " grayscale" : " RGB");
  }

  private static TrainingData split(
      byte[][] all, int[] labels, double fraction, long seed, Shape shape) {
    int[] order = permutation(all.length, new Random(seed));
    int validationCount = (int) Math.round(all.length * fraction);
    validationCount = Math.max(1, Math.min(validationCount, all.length - 1));
    byte[][] validation = new byte[validationCount][];
    byte[][] train = new byte[all.length - validationCount][];
    int[] trainLabels = labels == null ? null : new int[train.length];
    for (int i = 0; i < all.length; i++) {
      int source = order[i];
      if (i < validationCount) {
        validation[i] = all[source];
      } else {
        train[i - validationCount] = all[source];
        if (trainLabels != null) {
          trainLabels[i - validationCount] = labels[source];
        }
      }
    }
    return new TrainingData(train, trainLabels, validation, shape);
  }

  static int[] permutation(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /**
   * Sampling weights 1/freq(class)^α, normalised to a cumulative distribution; null when there are
   * no labels or α = 0 (uniform sampling).
   */
  public double[] cumulativeClassWeights(double alpha) {
    if (trainLabels == null || alpha == 0) {
      return null;
    }
    int maxLabel = 0;
    for (int l : trainLabels) {
      maxLabel = Math.max(maxLabel, l);
    }
    int[] counts = new int[maxLabel + 1];
    for (int l : trainLabels) {
      counts[l]++;
    }
    double[] cumulative = new double[trainLabels.length];
    double total = 0;
    for (int i = 0; i < trainLabels.length; i++) {
      total += Math.pow(counts[trainLabels[i]], -alpha);
      cumulative[i] = total;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= total;
    }
    return cumulative;
  }

  /** Draws one epoch of indices: weighted with replacement, or a plain shuffle if unweighted. */
  public int[] epochIndices(double[] cumulative, Random random) {
    if (cumulative == null) {
      return permutation(trainImages.length, random);
    }
    int[] indices = new int[trainImages.length];
    for (int i = 0; i < indices.length; i++) {
      int found = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
      indices[i] = Math.min(found >= 0 ? found : -found - 1, cumulative.length - 1);
    }
    return indices;
  }

  public byte[][] trainImages() {
    return trainImages;
  }

  public byte[][] validationImages() {
    return validationImages;
  }

  public boolean labelled() {
    return trainLabels != null;
  }

  public int width() {
    return shape.width();
  }

  public int height() {
    return shape.height();
  }

  public int channels() {
    return shape.channels();
  }
}
