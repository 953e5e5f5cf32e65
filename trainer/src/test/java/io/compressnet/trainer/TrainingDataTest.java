package io.compressnet.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingDataTest {

  private static TrainingData withLabels(int... labels) {
    return TrainingData.of(
        new byte[labels.length][4], labels, new byte[1][4], new TrainingData.Shape(2, 2, 1));
  }

  @Test
  void shouldWeightClassesByInverseFrequency() throws Exception {
    // Given three images of class 0 and one of class 1, alpha 1: weights 1/3, 1/3, 1/3, 1
    TrainingData data = withLabels(0, 0, 0, 1);
    // When
    double[] cumulative = data.cumulativeClassWeights(1.0);
    // Then each class gets half of the draws
    assertThat(cumulative)
        .containsExactly(new double[] {1 / 6.0, 2 / 6.0, 3 / 6.0, 1.0}, within(1e-12));
  }

  @Test
  void shouldSampleUniformlyWithoutLabelsOrWithAlphaZero() throws Exception {
    TrainingData data = withLabels(0, 0, 0, 1);
    assertThat(data.cumulativeClassWeights(0)).isNull();
    int[] epoch = data.epochIndices(null, new Random(1));
    assertThat(epoch).containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  @Test
  void shouldDrawRareClassesAsOftenAsCommonOnes() throws Exception {
    TrainingData data = withLabels(0, 0, 0, 1);
    double[] cumulative = data.cumulativeClassWeights(1.0);
    Random random = new Random(5);
    int rare = 0;
    int draws = 0;
    for (int e = 0; e < 5000; e++) {
      for (int index : data.epochIndices(cumulative, random)) {
        rare += index == 3 ? 1 : 0;
        draws++;
      }
    }
    assertThat((double) rare / draws).isCloseTo(0.5, within(0.01));
  }
}
