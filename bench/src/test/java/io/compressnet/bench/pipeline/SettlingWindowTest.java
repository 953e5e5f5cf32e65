package io.compressnet.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SettlingWindowTest {

  // Start at 1,000 ms, 15 s warm-up, 20 s measured, 3 s to settle, at most 30 s late.
  private static SettlingWindow window() {
    return new SettlingWindow(1_000, 15_000, 20_000, 3_000, 30_000);
  }

  @Test
  void shouldMeasureRightAfterTheWarmUpWhenNoThreadChanges() {
    // Given
    SettlingWindow window = window();

    // When nothing changes

    // Then
    assertThat(window.measureFromMs()).isEqualTo(16_000);
    assertThat(window.measureUntilMs()).isEqualTo(36_000);
    assertThat(window.measures(15_999)).isFalse();
    assertThat(window.measures(16_000)).isTrue();
    assertThat(window.measures(35_999)).isTrue();
    assertThat(window.measures(36_000)).isFalse();
  }

  @Test
  void shouldIgnoreAChangeThatSettlesWithinTheWarmUp() {
    // Given
    SettlingWindow window = window();

    // When a thread goes 12 s after the start, 4 s before the warm-up ends
    window.threadsChanged(13_000);

    // Then
    assertThat(window.measureFromMs()).isEqualTo(16_000);
  }

  @Test
  void shouldStartSettleTimeAfterTheLastChangeAndStillMeasureTheFullLength() {
    // Given
    SettlingWindow window = window();

    // When the encoder sheds a thread at 15 s, the decoder at 18 s (inside the first window)
    window.threadsChanged(15_000);
    window.threadsChanged(18_000);
    window.threadsChanged(17_000);

    // Then the window starts 3 s after the latest change and keeps its 20 s
    assertThat(window.measureFromMs()).isEqualTo(21_000);
    assertThat(window.measureUntilMs()).isEqualTo(41_000);
    assertThat(window.measures(20_000)).isFalse();
  }

  @Test
  void shouldMeasureAnywayAtTheLatestStartWhenTheThreadsKeepChanging() {
    // Given
    SettlingWindow window = window();

    // When threads change at 44 s (2 s before the latest start, 46 s) and again after it
    window.threadsChanged(44_000);
    window.threadsChanged(47_000);

    // Then the window starts at the latest start, which the change after it did not move
    assertThat(window.measureFromMs()).isEqualTo(46_000);
    assertThat(window.measureUntilMs()).isEqualTo(66_000);
  }
}
