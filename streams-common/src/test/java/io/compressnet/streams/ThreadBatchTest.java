package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadBatchTest {

  private static final long TICK_MS = 10;
  private static final long MAX_WAIT_MS = 20;
  private static final long BACKLOG_MS = 1000;

  @Test
  void shouldRunAPartialBatchOnceItsOldestRecordHasWaitedTheMaxWaitWhileRecordsKeepArriving() {
    // Given a waiting record
    ThreadBatch<String> batch = new ThreadBatch<>();
    batch.add(waiting(0, 0));

    // When the ticks come while records keep arriving
    List<Boolean> due = ticksWithArrivals(batch, 0, 3);

    // Then the partial batch is due from the tick at which its oldest record has waited the max
    // wait (20 ms)
    assertThat(due).containsExactly(false, true, true);
  }

  @Test
  void shouldRunAPartialBatchAtOnceWhenTheInputGoesQuiet() {
    // Given one waiting record, seen arriving by a tick
    ThreadBatch<String> batch = new ThreadBatch<>();
    batch.add(waiting(0, 0));
    batch.dueOnTick(0, TICK_MS, MAX_WAIT_MS, BACKLOG_MS);

    // When the next tick sees no new record
    boolean due = batch.dueOnTick(TICK_MS, TICK_MS, MAX_WAIT_MS, BACKLOG_MS);

    // Then it runs, before its max wait
    assertThat(due).isTrue();
  }

  @Test
  void shouldLetABatchFillPastTheMaxWaitWhileTheServiceIsBehind() {
    // Given a waiting record that arrived 5 s after its timestamp (a backlog)
    ThreadBatch<String> batch = new ThreadBatch<>();
    batch.add(waiting(0, 0, -5000));

    // When the ticks come while equally late records keep arriving
    List<Boolean> due = ticksWithArrivals(batch, 0, 4, 5000);

    // Then the max wait does not cut the batch short
    assertThat(due).containsExactly(false, false, false, false);
  }

  @Test
  void shouldStillRunAPartialBatchWhenTheInputGoesQuietWhileBehind() {
    // Given a late record, seen arriving by a tick
    ThreadBatch<String> batch = new ThreadBatch<>();
    batch.add(waiting(0, 0, -5000));
    batch.dueOnTick(0, TICK_MS, MAX_WAIT_MS, BACKLOG_MS);

    // When the next tick sees no new record
    boolean due = batch.dueOnTick(TICK_MS, TICK_MS, MAX_WAIT_MS, BACKLOG_MS);

    // Then it runs: nothing more is coming to fill it
    assertThat(due).isTrue();
  }

  @Test
  void shouldApplyTheMaxWaitAgainOnceRecordsArriveOnTime() {
    // Given a late record
    ThreadBatch<String> batch = new ThreadBatch<>();
    batch.add(waiting(0, 0, -5000));

    // When the records after it arrive just after their timestamps (the backlog is worked off)
    List<Boolean> due = ticksWithArrivals(batch, 0, 3, 3);

    // Then the max wait of the oldest applies again
    assertThat(due).containsExactly(false, true, true);
  }

  @Test
  void shouldTreatARecordStampedAheadOfTheServiceClockAsOnTime() {
    // Given a record stamped 10 s in the future (a producer clock ahead of ours)
    ThreadBatch<String> batch = new ThreadBatch<>();
    batch.add(waiting(0, 0, 10_000));

    // When the ticks come while such records keep arriving
    List<Boolean> due = ticksWithArrivals(batch, 0, 3, -10_000);

    // Then the max wait applies as usual
    assertThat(due).containsExactly(false, true, true);
  }

  /** Ticks every TICK_MS from {@code start}, a record arriving on time before each. */
  private static List<Boolean> ticksWithArrivals(ThreadBatch<String> batch, long start, int ticks) {
    return ticksWithArrivals(batch, start, ticks, 0);
  }

  /** Ticks every TICK_MS from {@code start}, a record arriving {@code lagMs} late before each. */
  private static List<Boolean> ticksWithArrivals(
      ThreadBatch<String> batch, long start, int ticks, long lagMs) {
    List<Boolean> due = new ArrayList<>();
    for (int i = 1; i <= ticks; i++) {
      long now = start + i * TICK_MS;
      batch.add(waiting(1000 + i, now - 1, now - 1 - lagMs));
      due.add(batch.dueOnTick(now, TICK_MS, MAX_WAIT_MS, BACKLOG_MS));
    }
    return due;
  }

  /** A record that arrived when it was stamped. */
  private static ThreadBatch.Waiting<String> waiting(long sequence, long arrivedMs) {
    return waiting(sequence, arrivedMs, arrivedMs);
  }

  private static ThreadBatch.Waiting<String> waiting(
      long sequence, long arrivedMs, long stampedMs) {
    return new ThreadBatch.Waiting<>(null, sequence, null, arrivedMs, stampedMs);
  }
}
