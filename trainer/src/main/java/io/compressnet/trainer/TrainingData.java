package io.compressnet.trainer;

import io.compressnet.codec.data.IdxReader;
import io.compressnet.codec.data.ImageSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private final int width;
  private final int height;

  private TrainingData(
      byte[][] trainImages, int[] trainLabels, byte[][] validationImages, int width, int height) {
    this.trainImages = trainImages;
    this.trainLabels = trainLabels;
    this.validationImages = validationImages;
    this.width = width;
    this.height = height;
  }

  /** Reads the files of the options (EMNIST's transposed layout) and makes the split. */
  public static TrainingData load(TrainOptions options) throws IOException {
    List<byte[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    boolean allLabelled = true;
    int width = -1;
    int height = -1;
    for (Path file : options.trainImages()) {
      ImageSet set = IdxReader.readImages(file, IdxReader.Layout.TRANSPOSED, options.limit());
      if (width >= 0 && (set.width() != width || set.height() != height)) {
        throw new IllegalArgumentException(
            String.format(
                "%s has %dx%d images but earlier files have %dx%d",
                file, set.width(), set.height(), width, height));
      }
      width = set.width();
      height = set.height();
      images.addAll(List.of(set.images()));
      Path labelFile = IdxReader.labelsFileFor(file);
      if (Files.isRegularFile(labelFile) && !labelFile.equals(file)) {
        for (int label : IdxReader.readLabels(labelFile, set.size())) {
          labels.add(label);
        }
      } else {
        allLabelled = false;
      }
    }
    byte[][] all = images.toArray(new byte[0][]);
    int[] allLabels = allLabelled ? labels.stream().mapToInt(Integer::intValue).toArray() : null;
    if (options.validationImages() != null) {
      ImageSet validation =
          IdxReader.readImages(options.validationImages(), IdxReader.Layout.TRANSPOSED, 0);
      return new TrainingData(all, allLabels, validation.images(), width, height);
    }
    return split(all, allLabels, options.validationFraction(), options.seed(), width, height);
  }

  private static TrainingData split(
      byte[][] all, int[] labels, double fraction, long seed, int width, int height) {
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
    return new TrainingData(train, trainLabels, validation, width, height);
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
    return width;
  }

  public int height() {
    return height;
  }
}
