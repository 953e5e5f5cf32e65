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
  void shouldUseEveryHalvingForShortRemaindersWhenTheNetworkGivesTheSameBits() {
    // Given a network whose rows do not depend on the pass size
    List<Integer> passesRun = new ArrayList<>();
    PassPlan.Forward forward =
        (input, rows) -> {
          passesRun.add(rows);
          return rowSums(input, rows);
        };

    // When
    PassPlan plan = PassPlan.checked(64, 2, forward);

    // Then the check ran every halving once, and a remainder runs in the smallest pass it fills
    // beyond the next size down
    assertThat(passesRun).containsExactly(64, 32, 16, 8, 4, 2);
    assertThat(plan.passSize()).isEqualTo(64);
    assertThat(plan.smallSize()).isEqualTo(2);
    assertThat(
            List.of(
                plan.sizeFor(1),
                plan.sizeFor(2),
                plan.sizeFor(3),
                plan.sizeFor(5),
                plan.sizeFor(9),
                plan.sizeFor(33),
                plan.sizeFor(100)))
        .containsExactly(2, 2, 4, 8, 16, 64, 64);
  }

  @Test
  void shouldMakeTheFullPassTheLargestSizeThatAgreesWithTheFourRowPass() {
    // Given a network where 2, 4 and 8 rows round alike and 16 and up round differently (as
    // measured on an Intel Xeon)
    PassPlan.Forward forward =
        (input, rows) -> {
          float[] out = rowSums(input, rows);
          if (rows >= 16) {
            out[0] = Math.nextUp(out[0]);
          }
          return out;
        };

    // When
    PassPlan plan = PassPlan.checked(16, 2, forward);

    // Then short batches are not padded to 16 rows: the full pass is 8
    assertThat(plan.passSize()).isEqualTo(8);
    assertThat(List.of(plan.sizeFor(1), plan.sizeFor(3), plan.sizeFor(6), plan.sizeFor(20)))
        .containsExactly(2, 4, 8, 8);
  }

  @Test
  void shouldLeaveOutSizesThatRoundDifferentlyFromTheFourRowPass() {
    // Given a network that agrees at 4, 16 and 64 rows but not at 2, 8 and 32
    PassPlan.Forward forward =
        (input, rows) -> {
          float[] out = rowSums(input, rows);
          if (rows == 2 || rows == 8 || rows == 32) {
            out[1] = Math.nextDown(out[1]);
          }
          return out;
        };

    // When
    PassPlan plan = PassPlan.checked(64, 2, forward);

    // Then only the agreeing sizes are used, the ladder skipping the others
    assertThat(List.of(plan.passSize(), plan.smallSize())).containsExactly(64, 4);
    assertThat(List.of(plan.sizeFor(1), plan.sizeFor(12), plan.sizeFor(13), plan.sizeFor(49)))
        .containsExactly(4, 4, 16, 64);
  }

  @Test
  void shouldRunOnlyFourRowPassesWhenNoOtherSizeAgrees() {
    // Given a network whose last bits differ at every size but 4
    PassPlan.Forward forward =
        (input, rows) -> {
          float[] out = rowSums(input, rows);
          if (rows != 4) {
            out[0] = Math.nextUp(out[0]);
          }
          return out;
        };

    // When
    PassPlan plan = PassPlan.checked(16, 2, forward);

    // Then every pass has 4 rows
    assertThat(List.of(plan.passSize(), plan.smallSize())).containsExactly(4, 4);
    assertThat(List.of(plan.sizeFor(1), plan.sizeFor(16))).containsExactly(4, 4);
  }

  @Test
  void shouldNotCheckWhenThePassIsAlreadyTheSmallest() {
    // Given / When
    PassPlan plan =
        PassPlan.checked(
            3,
            2,
            (input, rows) -> {
              throw new AssertionError("no check pass expected");
            });

    // Then
    assertThat(List.of(plan.passSize(), plan.smallSize())).containsExactly(3, 3);
  }
}
