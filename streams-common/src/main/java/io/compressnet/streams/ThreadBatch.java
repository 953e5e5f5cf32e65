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
 * <p>The maximum wait is suspended while the service is behind: while the newest record arrived
 * more than the backlog threshold after its timestamp. The wait bounds the latency batching adds
 * when records trickle in; behind a backlog more records are already queued, and the wall-clock
 * wait would be spent in the thread's own polls and commits (measured, {@code bench pipeline} on
 * pre-loaded input: batches of 35 on average instead of 64, so passes of 32 + 4 rows). A partial
 * batch then still runs as soon as the input goes quiet.
 *
 * <p>Only its stream thread uses it while running; methods are synchronized because a task may be
 * closed from elsewhere during shutdown.
 *
 * @param <V> the value type of the records
 */
final class ThreadBatch<V> {

  /**
   * A record buffered by {@code owner}, waiting to be processed since {@code arrivedMs} (wall
   * clock); {@code stampedMs} is the record's own timestamp.
   */
  record Waiting<V>(
      BatchingProcessor<V> owner,
      long sequence,
      BatchingProcessor.Pending<V> pending,
      long arrivedMs,
      long stampedMs) {

    /** How long after its timestamp the record arrived (negative for a clock ahead of ours). */
    long lagMs() {
      return arrivedMs - stampedMs;
    }
  }

  private final ArrayDeque<Waiting<V>> waiting = new ArrayDeque<>();
  private int members;
  private int addedSinceCheck;
  private long lastCheckMs = Long.MIN_VALUE;
  private long newestLagMs;

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
    newestLagMs = record.lagMs();
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
   * @param backlogMs the newest record's lag from which the service counts as behind, and the
   *     maximum wait no longer applies
   */
  synchronized boolean dueOnTick(long nowMs, long tickIntervalMs, long maxWaitMs, long backlogMs) {
    if (lastCheckMs != Long.MIN_VALUE && nowMs - lastCheckMs < tickIntervalMs / 2) {
      return false; // another task of this thread checked in this round
    }
    boolean quiet = addedSinceCheck == 0;
    lastCheckMs = nowMs;
    addedSinceCheck = 0;
    Waiting<V> oldest = waiting.peekFirst();
    if (oldest == null) {
      return false;
    }
    boolean behind = newestLagMs >= backlogMs;
    return quiet || (!behind && nowMs - oldest.arrivedMs() >= maxWaitMs);
  }
}
