package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadBatchTest {

  private static final long TICK_MS = 10;
  private static final long MAX_WAIT_MS = 20;

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
    batch.dueOnTick(0, TICK_MS, MAX_WAIT_MS);

    // When the next tick sees no new record
    boolean due = batch.dueOnTick(TICK_MS, TICK_MS, MAX_WAIT_MS);

    // Then it runs, before its max wait
    assertThat(due).isTrue();
  }

  /** Ticks every TICK_MS from {@code start}, a record arriving before each. */
  private static List<Boolean> ticksWithArrivals(ThreadBatch<String> batch, long start, int ticks) {
    List<Boolean> due = new ArrayList<>();
    for (int i = 1; i <= ticks; i++) {
      long now = start + i * TICK_MS;
      batch.add(waiting(1000 + i, now - 1));
      due.add(batch.dueOnTick(now, TICK_MS, MAX_WAIT_MS));
    }
    return due;
  }

  private static ThreadBatch.Waiting<String> waiting(long sequence, long arrivedMs) {
    return new ThreadBatch.Waiting<>(null, sequence, null, arrivedMs);
  }
}
