package io.compressnet.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CosineScheduleTest {

  @Test
  void shouldWarmUpThenDecayFromPeakToFloor() {
    // Given 2,000 planned steps: warm-up is 100 steps (5%)
    CosineSchedule schedule = new CosineSchedule(1e-3f, 1e-5f, 2000, 0);
    // Then
    assertThat(schedule.rate(0)).isCloseTo(1e-5f, within(1e-9f));
    assertThat(schedule.rate(49)).isCloseTo(5e-4f, within(1e-9f));
    assertThat(schedule.rate(1000)).isCloseTo((1e-3f + 1e-5f) / 2, within(1e-7f));
    assertThat(schedule.rate(2000)).isCloseTo(1e-5f, within(1e-9f));
    assertThat(schedule.rate(5000)).isCloseTo(1e-5f, within(1e-9f));
  }

  @Test
  void shouldCountATimeBudgetAsProgress() throws InterruptedException {
    // Given a budget of 0.6 s and far more planned steps than will run
    CosineSchedule schedule = new CosineSchedule(1e-3f, 0f, 1_000_000, 0.01);
    Thread.sleep(700);
    // Then the schedule is over: progress 1, rate at the floor
    assertThat(schedule.progress(1)).isEqualTo(1.0);
    assertThat(schedule.rate(100_000)).isCloseTo(0f, within(1e-9f));
  }
}
