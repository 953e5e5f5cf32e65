package io.compressnet.streams;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The records waiting for inference in every task one stream thread runs (of one topology), oldest
 * first. A thread typically owns several partitions; filling a forward pass from all of them,
 * rather than from each partition's share, keeps batches large when the input is spread thinly.
 *
 * <p>It also decides when a wall-clock tick should process a partial batch: when its oldest record
 * has waited the maximum wait, or when no record arrived since the previous check (the input has
 * caught up, so waiting longer would not fill the batch). Ticks of the thread's tasks that fall in
 * the same half interval count as one check, so the decision does not depend on how many tasks the
 * thread runs.
 *
 * <p>Only its stream thread uses it while running; methods are synchronized because a task may be
 * closed from elsewhere during shutdown.
 *
 * @param <V> the value type of the records
 */
final class ThreadBatch<V> {

  /**
   * A record buffered by {@code owner}, waiting to be processed since {@code arrivedMs} (wall
   * clock).
   */
  record Waiting<V>(
      BatchingProcessor<V> owner,
      long sequence,
      BatchingProcessor.Pending<V> pending,
      long arrivedMs) {}

  private final ArrayDeque<Waiting<V>> waiting = new ArrayDeque<>();
  private int members;
  private int addedSinceCheck;
  private long lastCheckMs = Long.MIN_VALUE;

  synchronized void join() {
    members++;
  }

  /** Drops the member's waiting records; returns whether no member is left. */
  synchronized boolean leave(BatchingProcessor<V> owner) {
    waiting.removeIf(w -> w.owner() == owner);
    members--;
    return members <= 0;
  }

  /** A record that just arrived. */
  synchronized void add(Waiting<V> record) {
    waiting.addLast(record);
    addedSinceCheck++;
  }

  /**
   * A record restored from a buffer store when a task starts: it arrived long ago, so it does not
   * count as input still arriving (the next tick processes it).
   */
  synchronized void addRestored(Waiting<V> record) {
    waiting.addLast(record);
  }

  synchronized int size() {
    return waiting.size();
  }

  /** Removes and returns up to {@code max} records, oldest first. */
  synchronized List<Waiting<V>> take(int max) {
    List<Waiting<V>> taken = new ArrayList<>(Math.min(max, waiting.size()));
    while (taken.size() < max && !waiting.isEmpty()) {
      taken.add(waiting.pollFirst());
    }
    return taken;
  }

  /** Puts records taken by {@link #take} back at the front, in their order (a failed pass). */
  synchronized void putBack(List<Waiting<V>> taken) {
    for (int i = taken.size() - 1; i >= 0; i--) {
      waiting.addFirst(taken.get(i));
    }
  }

  /**
   * Called by every task's wall-clock tick: whether the waiting records should be processed now
   * even though they do not fill a batch.
   *
   * @param nowMs the tick's wall-clock time
   * @param tickIntervalMs the interval of the tasks' ticks
   * @param maxWaitMs how long the oldest record may wait while records keep arriving
   */
  synchronized boolean dueOnTick(long nowMs, long tickIntervalMs, long maxWaitMs) {
    if (lastCheckMs != Long.MIN_VALUE && nowMs - lastCheckMs < tickIntervalMs / 2) {
      return false; // another task of this thread checked in this round
    }
    boolean quiet = addedSinceCheck == 0;
    lastCheckMs = nowMs;
    addedSinceCheck = 0;
    Waiting<V> oldest = waiting.peekFirst();
    return oldest != null && (quiet || nowMs - oldest.arrivedMs() >= maxWaitMs);
  }
}
