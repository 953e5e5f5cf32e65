package io.compressnet.bench.pipeline;

/**
 * When a latency run measures: from the end of its warm-up, or later while the services are still
 * changing their stream threads. A service sheds the threads its load does not need 12–17 s after
 * it starts, and each change is a rebalance that stalls its tasks for up to half a second; a change
 * inside the measured window put those stalls into the p99 of the first variant of a run (466–515
 * ms max against about 150 in the next, identical variant). So the window starts {@code settleMs}
 * after the last change, but no later than {@code maxDelayMs} past the warm-up (a service that
 * keeps changing is measured anyway, and the report says how late the window started). The window
 * always lasts {@code measureMs}.
 *
 * <p>Not thread-safe: one producing thread observes the services and asks when to stop.
 */
final class SettlingWindow {

  private final long warmupEndMs;
  private final long measureMs;
  private final long settleMs;
  private final long latestStartMs;
  private long lastChangeMs = Long.MIN_VALUE;

  /**
   * @param startMs when the images start to flow
   * @param warmupMs the warm-up asked for
   * @param measureMs how long to measure
   * @param settleMs how long after a thread change the window may start
   * @param maxDelayMs how far past the warm-up a change may push the window's start
   */
  SettlingWindow(long startMs, long warmupMs, long measureMs, long settleMs, long maxDelayMs) {
    this.warmupEndMs = startMs + warmupMs;
    this.measureMs = measureMs;
    this.settleMs = settleMs;
    this.latestStartMs = warmupEndMs + maxDelayMs;
  }

  /**
   * A service's stream-thread count changed at {@code atMs}. Changes after the window's start still
   * move it (the stall would land inside it) unless the latest start has passed.
   */
  void threadsChanged(long atMs) {
    if (atMs < latestStartMs) {
      lastChangeMs = Math.max(lastChangeMs, atMs);
    }
  }

  /** When the measured window starts, as things stand. */
  long measureFromMs() {
    if (lastChangeMs == Long.MIN_VALUE) {
      return warmupEndMs;
    }
    return Math.max(warmupEndMs, Math.min(lastChangeMs + settleMs, latestStartMs));
  }

  /** When it ends: images captured from then on are not measured, and need not be sent. */
  long measureUntilMs() {
    return measureFromMs() + measureMs;
  }

  /** Whether an image captured at {@code capturedMs} falls in the window. */
  boolean measures(long capturedMs) {
    return capturedMs >= measureFromMs() && capturedMs < measureUntilMs();
  }
}
