package io.compressnet.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void shouldTakeTheMiddleValueOfAnOddCountWhateverTheOrder() {
    assertThat(Stats.median(new double[] {9, 1, 5})).isEqualTo(5.0);
  }

  @Test
  void shouldAverageTheTwoMiddleValuesOfAnEvenCount() {
    assertThat(Stats.median(new double[] {4, 1, 3, 10})).isEqualTo(3.5);
  }

  @Test
  void shouldNotReorderTheCallersArray() {
    double[] values = {3, 1, 2};
    Stats.median(values);
    assertThat(values).containsExactly(3, 1, 2);
  }

  @Test
  void shouldPickNearestRankPercentilesOfObservedValues() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1; // 1..100
    }
    assertThat(Stats.percentile(sorted, 50)).isEqualTo(50);
    assertThat(Stats.percentile(sorted, 99)).isEqualTo(99);
    assertThat(Stats.percentile(sorted, 99.5)).isEqualTo(100);
    assertThat(Stats.percentile(sorted, 100)).isEqualTo(100);
    assertThat(Stats.percentile(sorted, 0.1)).isEqualTo(1);
  }

  @Test
  void shouldRoundTheRankUpForSmallSamples() {
    // Nearest rank of p99 over 10 values is ceil(9.9) = 10: the maximum.
    long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 1000};
    assertThat(Stats.percentile(sorted, 99)).isEqualTo(1000);
    assertThat(Stats.percentile(sorted, 50)).isEqualTo(5);
    assertThat(Stats.percentile(new long[] {42}, 99)).isEqualTo(42);
  }

  @Test
  void shouldRefuseEmptyInputAndPercentilesOutOfRange() {
    assertThatThrownBy(() -> Stats.percentile(new long[0], 50))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 101))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.median(new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
