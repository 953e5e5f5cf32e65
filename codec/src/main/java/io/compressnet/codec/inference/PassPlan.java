package io.compressnet.codec.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How the rows of a call are cut into forward passes: full passes of {@link #passSize()} rows, and
 * a remainder in passes of a ladder of smaller sizes (halving down to {@link #SMALLEST}; see {@link
 * #sizeFor}), zero-padded. A short pass costs a fraction of a full one (one image alone on a quiet
 * stream, the tail of a batch).
 *
 * <p>PyTorch picks its CPU kernels by tensor shape, and kernels for different shapes may round
 * differently, while an image's result must not depend on how many other images shared its call. So
 * only sizes that give bit-identical rows on this machine share a plan, checked once on a fixed
 * input when the plan is made. Which sizes agree differs between machines: on an AMD Zen 4 machine
 * every size from 4 to 64 agreed (1 and 2 did not: the dense layer switches to a matrix-vector
 * kernel); on an Intel Xeon one 2, 4 and 8 agreed with each other and 16, 32 and 64 with each
 * other.
 *
 * <p>The plan is built around the {@value #ANCHOR}-row pass, because short passes are what the
 * services mostly run: at the rates users run, a batch waits only a few milliseconds and holds a
 * few images (about 2 at 300 images/s with a 5 ms wait). Its full pass is the largest size, up to
 * the configured one, that gives the same bits as a {@value #ANCHOR}-row pass. Where 16 rows and 4
 * disagree this gives up some speed on full batches (on the Xeon, 8-row passes cost 0.21 ms of
 * encoder per row against 0.17 for 16-row ones) to avoid padding every short batch to 16 rows (2.8
 * ms for a 16-row pass, 0.8 ms for a 2-row one).
 */
final class PassPlan {

  /** The smallest pass ever used: a one-row pass switches the dense layers to other kernels. */
  static final int SMALLEST = 2;

  /** The pass size the plan keeps: its full pass is the largest size agreeing with it. */
  static final int ANCHOR = 4;

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
   * A plan of the sizes up to {@code maxPassSize} (halving from it) that give the same bits as the
   * {@value #ANCHOR}-row pass (or as the smallest candidate, when {@code maxPassSize} is below
   * {@value #ANCHOR}).
   *
   * @param valuesPerRow input values per row
   */
  static PassPlan checked(int maxPassSize, int valuesPerRow, Forward forward) {
    int[] candidates = halvings(maxPassSize);
    if (candidates.length == 1) {
      return fixed(maxPassSize);
    }
    int probeRows = candidates[candidates.length - 1];
    float[] rows = new float[probeRows * valuesPerRow];
    SplittableRandom random = new SplittableRandom(20261127L);
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (float) random.nextDouble();
    }
    float[][] probed = new float[candidates.length][];
    for (int c = 0; c < candidates.length; c++) {
      probed[c] = firstRows(forward, rows, candidates[c], valuesPerRow, probeRows);
    }
    float[] anchor = probed[anchorIndex(candidates)];
    List<Integer> agreeing = new ArrayList<>();
    for (int c = 0; c < candidates.length; c++) {
      if (Arrays.equals(probed[c], anchor)) {
        agreeing.add(candidates[c]);
      }
    }
    return new PassPlan(agreeing.stream().mapToInt(Integer::intValue).toArray());
  }

  /** {@code max}, then halvings of it while they stay at least {@link #SMALLEST}. */
  private static int[] halvings(int max) {
    List<Integer> sizes = new ArrayList<>(List.of(max));
    for (int s = max / 2; s >= SMALLEST; s /= 2) {
      sizes.add(s);
    }
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The candidate {@value #ANCHOR}, or the smallest candidate when none is. */
  private static int anchorIndex(int[] candidates) {
    for (int c = 0; c < candidates.length; c++) {
      if (candidates[c] == ANCHOR) {
        return c;
      }
    }
    return candidates.length - 1;
  }

  /** The outputs of the first {@code keep} rows of a zero-padded pass of {@code size} rows. */
  private static float[] firstRows(
      Forward forward, float[] rows, int size, int valuesPerRow, int keep) {
    float[] out = forward.run(Arrays.copyOf(rows, size * valuesPerRow), size);
    return Arrays.copyOf(out, out.length / size * keep);
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
   * ratio. A smaller pass costs clearly more than its share of rows of a larger one (Intel Xeon,
   * default model, encoder: 2.8 ms for 16 rows, 1.7 ms for 8, 1.1 ms for 4), so rows that fill more
   * than a step of the ladder run in the larger pass: with sizes 8, 4, 2, five rows run as one
   * 8-row pass.
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
