package io.compressnet.imaging.data;

import java.util.List;

/**
 * Images with their labels, if the source has any.
 *
 * @param images the pixels
 * @param labels one class index per image, or null when the source has no labels
 * @param classNames the name of each class index (for directories of images, the subdirectory
 *     names; for IDX labels, the numbers themselves), or empty without labels
 */
public record LabelledImages(ImageSet images, int[] labels, List<String> classNames) {

  public LabelledImages {
    if (labels != null && labels.length != images.size()) {
      throw new IllegalArgumentException(
          labels.length + " labels for " + images.size() + " images");
    }
    classNames = List.copyOf(classNames);
  }

  /** Images without labels. */
  public static LabelledImages unlabelled(ImageSet images) {
    return new LabelledImages(images, null, List.of());
  }

  public boolean labelled() {
    return labels != null;
  }

  /** The label of image {@code index} as text (its class name), or null without labels. */
  public String labelText(int index) {
    return labels == null ? null : classNames.get(labels[index]);
  }
}
