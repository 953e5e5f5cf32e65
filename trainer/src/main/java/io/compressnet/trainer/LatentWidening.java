package io.compressnet.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * Starts a network with a wider latent from a trained one without changing what it computes
 * (function-preserving widening, as in Chen, Goodfellow and Shlens, "Net2Net: Accelerating learning
 * via knowledge transfer", ICLR 2016). Every parameter of the trained network is copied into the
 * leading slice of its wider counterpart; the only parameters that differ in shape are the
 * encoder's last layer (more latent outputs) and the decoder's first (more latent inputs). The
 * decoder's weights on the new inputs start at zero, so the reconstruction is the trained one
 * whatever the new latents hold, and the encoder's new outputs keep their fresh initialization, so
 * they carry signal from the first step and both sides learn to use them. Parameters of equal shape
 * are copied value for value, so the same copy serves a plain {@code --init}.
 */
final class LatentWidening {

  private LatentWidening() {}

  /**
   * Copies {@code from}'s parameters into {@code to}'s, in order.
   *
   * @param zeroExtra whether the part of a wider parameter beyond {@code from}'s stays at zero (the
   *     decoder) or keeps its initialization (the encoder)
   * @throws IllegalArgumentException if the blocks do not differ only by one axis of some
   *     parameters, each at least as large in {@code to}
   */
  static void copyInto(Block from, Block to, boolean zeroExtra) {
    PairList<String, Parameter> source = from.getParameters();
    PairList<String, Parameter> target = to.getParameters();
    if (source.size() != target.size()) {
      throw new IllegalArgumentException(
          "cannot widen: " + source.size() + " parameters against " + target.size());
    }
    for (int i = 0; i < target.size(); i++) {
      Pair<String, Parameter> s = source.get(i);
      Pair<String, Parameter> t = target.get(i);
      copyParameter(t.getKey(), s.getValue().getArray(), t.getValue().getArray(), zeroExtra);
    }
  }

  private static void copyParameter(String name, NDArray from, NDArray to, boolean zeroExtra) {
    Shape small = from.getShape();
    Shape large = to.getShape();
    if (small.equals(large)) {
      to.set(from.toByteBuffer());
      return;
    }
    int axis = wideningAxis(name, small, large);
    // Plain Java on copies of the values: an indexed write into a parameter that records
    // gradients would be an in-place autograd operation; a whole-buffer set is not.
    float[] values = zeroExtra ? new float[(int) large.size()] : to.toFloatArray();
    float[] trained = from.toFloatArray();
    long inner = 1;
    for (int a = axis + 1; a < small.dimension(); a++) {
      inner *= small.get(a);
    }
    long smallBlock = small.get(axis) * inner;
    long largeBlock = large.get(axis) * inner;
    for (long outer = 0; outer < trained.length / smallBlock; outer++) {
      System.arraycopy(
          trained,
          (int) (outer * smallBlock),
          values,
          (int) (outer * largeBlock),
          (int) smallBlock);
    }
    to.set(values);
  }

  /** The one axis on which {@code large} is larger than {@code small}. */
  private static int wideningAxis(String name, Shape small, Shape large) {
    int axis = -1;
    boolean comparable = small.dimension() == large.dimension();
    for (int a = 0; comparable && a < small.dimension(); a++) {
      if (small.get(a) != large.get(a)) {
        comparable = axis < 0 && small.get(a) < large.get(a);
        axis = a;
      }
    }
    if (!comparable || axis < 0) {
      throw new IllegalArgumentException(
          "cannot widen " + name + " from " + small + " to " + large + ": not one axis larger");
    }
    return axis;
  }
}
