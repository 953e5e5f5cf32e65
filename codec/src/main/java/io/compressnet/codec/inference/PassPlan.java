package io.compressnet.codec.inference;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How the rows of a call are cut into forward passes: full passes of {@link #passSize()} rows, and
 * a short remainder of at most {@link #smallSize()} rows in a pass of that many rows, which costs a
 * fraction of a full pass (one image alone on a quiet stream, the tail of a batch).
 *
 * <p>PyTorch picks its CPU kernels by tensor shape, and kernels for different shapes may round
 * differently, while an image's result must not depend on how many other images shared its call. So
 * the small size is used only if the network gives bit-identical rows at both sizes on this
 * machine, checked once on a fixed input when the plan is made; otherwise every pass has {@link
 * #passSize()} rows. (On the development machine, sizes from 4 up agree; 1 and 2 do not, because
 * the dense layer switches to a matrix-vector kernel.)
 */
final class PassPlan {

  /** The smallest pass ever used: below this the dense layers switch kernels. */
  static final int SMALLEST = 4;

  /** A forward pass of {@code rows} rows over {@code input} ({@code rows × valuesPerRow}). */
  @FunctionalInterface
  interface Forward {
    float[] run(float[] input, int rows);
  }

  private final int passSize;
  private final int smallSize;

  private PassPlan(int passSize, int smallSize) {
    this.passSize = passSize;
    this.smallSize = smallSize;
  }

  /** A plan that always runs {@code passSize} rows. */
  static PassPlan fixed(int passSize) {
    return new PassPlan(passSize, passSize);
  }

  /**
   * A plan with a small pass of a quarter of {@code passSize} (at least {@link #SMALLEST}) if
   * {@code forward} gives the same bits for it as for a full, zero-padded pass.
   *
   * @param valuesPerRow input values per row
   */
  static PassPlan checked(int passSize, int valuesPerRow, Forward forward) {
    int small = Math.max(SMALLEST, passSize / 4);
    if (small >= passSize) {
      return fixed(passSize);
    }
    float[] rows = new float[small * valuesPerRow];
    SplittableRandom random = new SplittableRandom(20261127L);
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (float) random.nextDouble();
    }
    float[] alone = forward.run(rows, small);
    float[] padded = forward.run(Arrays.copyOf(rows, passSize * valuesPerRow), passSize);
    boolean same =
        alone.length * passSize == padded.length * small
            && Arrays.equals(alone, Arrays.copyOf(padded, alone.length));
    return same ? new PassPlan(passSize, small) : fixed(passSize);
  }

  int passSize() {
    return passSize;
  }

  int smallSize() {
    return smallSize;
  }

  /** Rows of the pass that processes the next {@code remaining} rows (some may be padding). */
  int sizeFor(int remaining) {
    return remaining <= smallSize ? smallSize : passSize;
  }
}
