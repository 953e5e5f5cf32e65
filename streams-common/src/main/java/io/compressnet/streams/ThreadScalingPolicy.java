package io.compressnet.streams;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When a service adds or removes a stream thread, decided from one {@link Sample} a second.
 *
 * <p>Why: one stream thread is the cheapest way to run at the rates users run (a forward pass
 * carries every partition's images, one transaction per commit), but a thread runs its forward
 * passes one after another, so a service that one thread cannot keep up with leaves the other cores
 * idle. Measured with {@code bench pipeline} on 2 cores (docs/bench), a second thread takes the
 * encoder from 4,100 to 6,800 images/s and the decoder from 3,100 to 4,800. The service starts with
 * the most threads ({@link StreamThreadScaler} says why) and this policy then sizes them:
 *
 * <ul>
 *   <li><b>Add</b> a thread when, for {@value #ADD_AFTER} samples in a row, the threads were busy
 *       (on the CPU) at least {@value #BUSY_TO_ADD} of the time on average, the machine had at
 *       least {@value #IDLE_CORES_TO_ADD} of a core idle (on a machine the other services already
 *       fill, a thread more only adds transactions), and there are more tasks than threads (a new
 *       thread would get work).
 *   <li><b>Remove</b> one when, on average over the last {@value #REMOVE_AFTER} samples, the
 *       threads' busy time would have fitted in one thread fewer at {@value #BUSY_TO_REMOVE} of the
 *       time each: the gap between the two thresholds keeps a steady load from flapping.
 * </ul>
 *
 * The window starts again after each change, so the rebalance it causes is not judged. Not
 * thread-safe: one scaler thread offers the samples.
 */
final class ThreadScalingPolicy {
  static final double BUSY_TO_ADD = 0.7;
  static final double IDLE_CORES_TO_ADD = 0.5;
  static final int ADD_AFTER = 2;
  static final double BUSY_TO_REMOVE = 0.5;
  static final int REMOVE_AFTER = 10;

  /** What to do after a sample. */
  enum Decision {
    ADD,
    REMOVE,
    HOLD
  }

  /**
   * One second of the service.
   *
   * @param threads live stream threads
   * @param busyThreads the threads' CPU time over the second, in threads (2 fully busy: 2.0)
   * @param idleCores the machine's idle CPU over the second, in cores; NaN when unknown
   * @param tasks active tasks over all the threads
   */
  record Sample(int threads, double busyThreads, double idleCores, int tasks) {}

  private final int minThreads;
  private final int maxThreads;
  private final Deque<Sample> window = new ArrayDeque<>();

  ThreadScalingPolicy(int minThreads, int maxThreads) {
    if (minThreads < 1 || maxThreads < minThreads) {
      throw new IllegalArgumentException(
          "need 1 <= min <= max stream threads, got " + minThreads + " and " + maxThreads);
    }
    this.minThreads = minThreads;
    this.maxThreads = maxThreads;
  }

  /** Records {@code sample} and says whether to change the thread count now. */
  Decision offer(Sample sample) {
    if (!window.isEmpty() && window.peekLast().threads() != sample.threads()) {
      window.clear();
    }
    window.addLast(sample);
    while (window.size() > REMOVE_AFTER) {
      window.removeFirst();
    }
    Decision decision = decide(sample.threads());
    if (decision != Decision.HOLD) {
      window.clear();
    }
    return decision;
  }

  /** Forgets the samples so far (the service was rebalancing or not running). */
  void reset() {
    window.clear();
  }

  private Decision decide(int threads) {
    if (threads < maxThreads && lastSamplesAreSaturated()) {
      return Decision.ADD;
    }
    if (threads > minThreads && window.size() == REMOVE_AFTER && fitsInOneThreadFewer(threads)) {
      return Decision.REMOVE;
    }
    return Decision.HOLD;
  }

  private boolean lastSamplesAreSaturated() {
    if (window.size() < ADD_AFTER) {
      return false;
    }
    int seen = 0;
    for (var it = window.descendingIterator(); it.hasNext() && seen < ADD_AFTER; seen++) {
      Sample s = it.next();
      boolean busy = s.busyThreads() >= BUSY_TO_ADD * s.threads();
      boolean roomOnTheMachine = Double.isNaN(s.idleCores()) || s.idleCores() >= IDLE_CORES_TO_ADD;
      if (!busy || !roomOnTheMachine || s.tasks() <= s.threads()) {
        return false;
      }
    }
    return true;
  }

  private boolean fitsInOneThreadFewer(int threads) {
    double busy = 0;
    for (Sample s : window) {
      busy += s.busyThreads();
    }
    return busy / window.size() <= BUSY_TO_REMOVE * (threads - 1);
  }
}
