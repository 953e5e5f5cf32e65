package io.compressnet.codec.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How the rows of a call are cut into forward passes: full passes of {@link #passSize()} rows, and
 * a remainder in passes of a ladder of smaller sizes (each a quarter of the one above, down to
 * {@link #SMALLEST}; see {@link #sizeFor}), zero-padded. A short pass costs a fraction of a full
 * one (one image alone on a quiet stream, the tail of a batch).
 *
 * <p>PyTorch picks its CPU kernels by tensor shape, and kernels for different shapes may round
 * differently, while an image's result must not depend on how many other images shared its call. So
 * a smaller size joins the ladder only if the network gives bit-identical rows for it and for a
 * full padded pass on this machine, checked once on a fixed input when the plan is made; the ladder
 * stops at the first size that differs. (On the development machine, sizes from 4 up agree; 1 and 2
 * do not, because the dense layer switches to a matrix-vector kernel.)
 */
final class PassPlan {

  /** The smallest pass ever used: below this the dense layers switch kernels. */
  static final int SMALLEST = 4;

  /** A forward pass of {@code rows} rows over {@code input} ({@code rows × valuesPerRow}). */
  @FunctionalInterface
  interface Forward {
    float[] run(float[] input, int rows);
  }

  /** Checked pass sizes, largest (the full pass) first. */
  private final int[] sizes;

  private PassPlan(int[] sizes) {
    this.sizes = sizes;
  }

  /** A plan that always runs {@code passSize} rows. */
  static PassPlan fixed(int passSize) {
    return new PassPlan(new int[] {passSize});
  }

  /**
   * A plan with the ladder of smaller passes under {@code passSize} for which {@code forward} gives
   * the same bits as a full, zero-padded pass.
   *
   * @param valuesPerRow input values per row
   */
  static PassPlan checked(int passSize, int valuesPerRow, Forward forward) {
    List<Integer> sizes = new ArrayList<>(List.of(passSize));
    int small = passSize / 4;
    if (small < SMALLEST) {
      return fixed(passSize);
    }
    float[] rows = new float[small * valuesPerRow];
    SplittableRandom random = new SplittableRandom(20261127L);
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (float) random.nextDouble();
    }
    float[] full = forward.run(Arrays.copyOf(rows, passSize * valuesPerRow), passSize);
    for (; small >= SMALLEST; small /= 4) {
      float[] alone = forward.run(Arrays.copyOf(rows, small * valuesPerRow), small);
      int valuesOut = full.length / passSize * small;
      if (alone.length != valuesOut || !Arrays.equals(alone, Arrays.copyOf(full, valuesOut))) {
        break;
      }
      sizes.add(small);
    }
    return new PassPlan(sizes.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * As {@link #checked}, for a constructor: if the check fails, {@code owner} (whose native
   * resources the check used) is closed before the exception propagates.
   */
  static PassPlan checkedOrClose(
      int passSize, int valuesPerRow, Forward forward, AutoCloseable owner) {
    try {
      return checked(passSize, valuesPerRow, forward);
    } catch (RuntimeException e) {
      try {
        owner.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  int passSize() {
    return sizes[0];
  }

  /** The smallest pass size used. */
  int smallSize() {
    return sizes[sizes.length - 1];
  }

  /**
   * Rows of the pass that processes the next {@code remaining} rows (some may be padding): the full
   * pass, or a smaller size of the ladder when the rows fit in fewer passes of it than the sizes'
   * ratio. A pass of a quarter of the rows costs about 0.3 of the larger pass on CPU (measured with
   * the default model: a 4-row pass 1.1 ms / 6.0 ms, a 16-row pass 3.4 ms / 20 ms, encode /
   * decode), so up to 3 quarter passes are cheaper than one padded larger pass: 5 waiting rows run
   * as 4 + 4 rows instead of 16.
   */
  int sizeFor(int remaining) {
    for (int i = 0; i < sizes.length - 1; i++) {
      if (remaining > sizes[i] - sizes[i + 1]) {
        return sizes[i];
      }
    }
    return sizes[sizes.length - 1];
  }
}
