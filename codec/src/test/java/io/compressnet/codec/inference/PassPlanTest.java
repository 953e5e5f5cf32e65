package io.compressnet.codec.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassPlanTest {

  /** Sums each row of two values: the same bits whatever the pass size. */
  private static float[] rowSums(float[] input, int rows) {
    float[] out = new float[rows];
    for (int r = 0; r < rows; r++) {
      out[r] = input[2 * r] + input[2 * r + 1];
    }
    return out;
  }

  @Test
  void shouldUseQuarterPassesForShortRemaindersWhenTheNetworkGivesTheSameBits() {
    // Given a network whose rows do not depend on the pass size
    List<Integer> passesRun = new ArrayList<>();
    PassPlan.Forward forward =
        (input, rows) -> {
          passesRun.add(rows);
          return rowSums(input, rows);
        };

    // When
    PassPlan plan = PassPlan.checked(64, 2, forward);

    // Then the check ran the full pass and each quarter, and a remainder runs in passes of the
    // smaller size while it needs at most 3 of them
    assertThat(passesRun).containsExactly(64, 16, 4);
    assertThat(plan.smallSize()).isEqualTo(4);
    assertThat(
            List.of(
                plan.sizeFor(1),
                plan.sizeFor(5),
                plan.sizeFor(12),
                plan.sizeFor(13),
                plan.sizeFor(48),
                plan.sizeFor(49),
                plan.sizeFor(100)))
        .containsExactly(4, 4, 4, 16, 16, 64, 64);
  }

  @Test
  void shouldStopTheLadderAtTheFirstSizeThatRoundsDifferently() {
    // Given a network that agrees at 16 rows but not at 4
    PassPlan.Forward forward =
        (input, rows) -> {
          float[] out = rowSums(input, rows);
          if (rows == 4) {
            out[0] = Math.nextUp(out[0]);
          }
          return out;
        };

    // When
    PassPlan plan = PassPlan.checked(64, 2, forward);

    // Then
    assertThat(List.of(plan.sizeFor(1), plan.sizeFor(16), plan.sizeFor(48), plan.sizeFor(49)))
        .containsExactly(16, 16, 16, 64);
  }

  @Test
  void shouldKeepFullPassesWhenASmallPassRoundsDifferently() {
    // Given a network whose last bits depend on the pass size (as shape-picked kernels can)
    PassPlan.Forward forward =
        (input, rows) -> {
          float[] out = rowSums(input, rows);
          if (rows != 16) {
            out[0] = Math.nextUp(out[0]);
          }
          return out;
        };

    // When
    PassPlan plan = PassPlan.checked(16, 2, forward);

    // Then every pass has the full size
    assertThat(plan.smallSize()).isEqualTo(16);
    assertThat(List.of(plan.sizeFor(1), plan.sizeFor(16))).containsExactly(16, 16);
  }

  @Test
  void shouldNotCheckWhenThePassIsAlreadyTheSmallest() {
    // Given / When
    PassPlan plan =
        PassPlan.checked(
            4,
            2,
            (input, rows) -> {
              throw new AssertionError("no check pass expected");
            });

    // Then
    assertThat(List.of(plan.passSize(), plan.smallSize())).containsExactly(4, 4);
  }
}
