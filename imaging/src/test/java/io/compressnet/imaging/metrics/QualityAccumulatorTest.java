package io.compressnet.imaging.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QualityAccumulatorTest {

  private static final double EPS = 1e-12;

  @Test
  void shouldAggregateBothPsnrFlavours() {
    // Given two images with MSE 0.01 (20 dB) and 0.0001 (40 dB)
    QualityAccumulator acc = new QualityAccumulator().add(0.01, 0.9).add(0.0001, 0.8);

    // Then mean PSNR averages dB, aggregate PSNR is the PSNR of the mean MSE
    assertThat(acc.count()).isEqualTo(2);
    assertThat(acc.meanMse()).isCloseTo(0.00505, within(EPS));
    assertThat(acc.meanPsnr()).isCloseTo(30.0, within(EPS));
    assertThat(acc.aggregatePsnr()).isCloseTo(10 * Math.log10(1 / 0.00505), within(EPS));
    assertThat(acc.meanSsim()).isCloseTo(0.85, within(EPS));
    assertThat(acc.minSsim()).isEqualTo(0.8);
  }

  @Test
  void shouldCountPerfectImageAtPsnrCap() {
    QualityAccumulator acc = new QualityAccumulator().add(0.0, 1.0).add(0.01, 0.5);

    assertThat(acc.meanPsnr()).isCloseTo((100.0 + 20.0) / 2, within(EPS));
    assertThat(acc.aggregatePsnr()).isCloseTo(10 * Math.log10(1 / 0.005), within(EPS));
  }

  @Test
  void shouldMergePartialAggregatesLikeAddingAllImages() {
    QualityAccumulator left = new QualityAccumulator().add(0.01, 0.9).add(0.02, 0.7);
    QualityAccumulator right = new QualityAccumulator().add(0.03, 0.95);
    QualityAccumulator all = new QualityAccumulator().add(0.01, 0.9).add(0.02, 0.7).add(0.03, 0.95);

    left.merge(right);

    assertThat(left.count()).isEqualTo(all.count());
    assertThat(left.meanMse()).isCloseTo(all.meanMse(), within(EPS));
    assertThat(left.meanPsnr()).isCloseTo(all.meanPsnr(), within(EPS));
    assertThat(left.meanSsim()).isCloseTo(all.meanSsim(), within(EPS));
    assertThat(left.minSsim()).isEqualTo(0.7);
  }

  @Test
  void shouldRestoreFromExposedState() {
    QualityAccumulator original = new QualityAccumulator().add(0.01, 0.9).add(0.004, 0.6);

    QualityAccumulator restored =
        QualityAccumulator.restore(
            original.count(),
            original.sumMse(),
            original.sumPsnr(),
            original.sumSsim(),
            original.minSsim());

    assertThat(restored.toString()).isEqualTo(original.toString());
    assertThat(restored.add(0.02, 0.5).minSsim()).isEqualTo(0.5);
  }

  @Test
  void shouldRefuseMeansOfAnEmptyAggregate() {
    QualityAccumulator empty = new QualityAccumulator();

    assertThat(empty.count()).isZero();
    assertThatThrownBy(empty::meanMse)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no images added yet");
    assertThatThrownBy(empty::minSsim).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRejectInvalidScores() {
    QualityAccumulator acc = new QualityAccumulator();

    assertThatThrownBy(() -> acc.add(-0.1, 0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> acc.add(0.1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SSIM must be in [-1, 1], got NaN");
    assertThatThrownBy(() -> acc.add(0.1, 1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThat(acc.count()).isZero();
  }
}
