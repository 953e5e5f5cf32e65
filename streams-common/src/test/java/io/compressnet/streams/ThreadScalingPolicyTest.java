package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.streams.ThreadScalingPolicy.Decision;
import io.compressnet.streams.ThreadScalingPolicy.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadScalingPolicyTest {
  private static final int SIX_TASKS = 6;

  private final ThreadScalingPolicy policy = new ThreadScalingPolicy(1, 2);

  @Test
  void shouldAddAThreadAfterTwoSaturatedSecondsWithACoreIdle() {
    // Given one thread 90 % busy on a machine with 0.8 of a core idle
    Sample saturated = new Sample(1, 0.9, 0.8, SIX_TASKS);

    // When two such seconds pass
    List<Decision> decisions = offer(saturated, 2);

    // Then the second adds a thread
    assertThat(decisions).containsExactly(Decision.HOLD, Decision.ADD);
  }

  @Test
  void shouldNotAddAThreadWhenTheMachineHasNoCoreToSpare() {
    // Given the thread is saturated but the other services fill the machine (0.3 core idle)
    Sample busyMachine = new Sample(1, 0.95, 0.3, SIX_TASKS);

    // When / Then
    assertThat(offer(busyMachine, 10)).containsOnly(Decision.HOLD);
  }

  @Test
  void shouldNotAddAThreadThatWouldGetNoTask() {
    // Given one input partition: one task, already owned by the one thread
    Sample oneTask = new Sample(1, 0.95, 1.5, 1);

    // When / Then
    assertThat(offer(oneTask, 10)).containsOnly(Decision.HOLD);
  }

  @Test
  void shouldNeedTwoSaturatedSecondsInARow() {
    // Given saturated, 60 % busy, saturated, 60 % busy, saturated seconds
    Sample saturated = new Sample(1, 0.9, 1.0, SIX_TASKS);
    Sample lighter = new Sample(1, 0.6, 1.0, SIX_TASKS);
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      decisions.addAll(offer(saturated, 1));
      decisions.addAll(offer(lighter, 1));
    }
    decisions.addAll(offer(saturated, 1));

    // Then nothing is added yet: the light second broke the run
    assertThat(decisions).containsOnly(Decision.HOLD);
    assertThat(policy.offer(saturated)).isEqualTo(Decision.ADD);
  }

  @Test
  void shouldStopAtTheMaximum() {
    // Given two threads, the maximum, both saturated
    Sample atMax = new Sample(2, 1.9, 1.0, SIX_TASKS);

    // When / Then
    assertThat(offer(atMax, 40)).containsOnly(Decision.HOLD);
  }

  @Test
  void shouldRemoveAThreadWhenTenSecondsOfLoadFitInOneThreadFewer() {
    // Given two threads busy 0.4 of a thread between them (one thread at 40 % would carry it)
    Sample light = new Sample(2, 0.4, 1.5, SIX_TASKS);

    // When 10 such seconds pass
    List<Decision> decisions = offer(light, 10);

    // Then the tenth removes one, and not before
    assertThat(decisions.subList(0, 9)).containsOnly(Decision.HOLD);
    assertThat(decisions.get(9)).isEqualTo(Decision.REMOVE);
  }

  @Test
  void shouldKeepBothThreadsWhenTheirLoadWouldFillOneThreadPastHalf() {
    // Given two threads each 35 % busy: 0.7 of a thread, more than 0.5 of one
    Sample steady = new Sample(2, 0.7, 1.0, SIX_TASKS);

    // When / Then: a load between the two thresholds neither adds nor removes
    assertThat(offer(steady, 60)).containsOnly(Decision.HOLD);
  }

  @Test
  void shouldNeverGoBelowTheConfiguredThreads() {
    // Given one thread, the minimum, idle
    Sample idle = new Sample(1, 0.0, 2.0, SIX_TASKS);

    // When / Then
    assertThat(offer(idle, 60)).containsOnly(Decision.HOLD);
  }

  @Test
  void shouldJudgeANewThreadCountOnlyOnItsOwnSamples() {
    // Given 9 light seconds at two threads, then the count changes to one (a thread died)
    offer(new Sample(2, 0.4, 1.5, SIX_TASKS), 9);

    // When saturated seconds follow at one thread
    List<Decision> decisions = offer(new Sample(1, 0.9, 1.0, SIX_TASKS), 2);

    // Then the old samples did not count: an add after two, no remove
    assertThat(decisions).containsExactly(Decision.HOLD, Decision.ADD);
  }

  @Test
  void shouldStartItsWindowAgainAfterAReset() {
    Sample saturated = new Sample(1, 0.9, 1.0, SIX_TASKS);
    offer(saturated, 1);
    policy.reset();
    assertThat(offer(saturated, 2)).containsExactly(Decision.HOLD, Decision.ADD);
  }

  @Test
  void shouldTakeAnUnknownMachineLoadAsRoomToGrow() {
    assertThat(offer(new Sample(1, 0.9, Double.NaN, SIX_TASKS), 2)).endsWith(Decision.ADD);
  }

  @Test
  void shouldRefuseAMaximumBelowTheMinimum() {
    assertThatThrownBy(() -> new ThreadScalingPolicy(2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min <= max");
  }

  private List<Decision> offer(Sample sample, int times) {
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      decisions.add(policy.offer(sample));
    }
    return decisions;
  }
}
