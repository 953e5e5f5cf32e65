package io.compressnet.streams;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What to do when a stream thread dies. A registry outage (the record is not at fault; it is read
 * again by the new thread) always gets a new thread, after a back-off that doubles from {@link
 * #FIRST_OUTAGE_BACKOFF} to {@link #MAX_OUTAGE_BACKOFF}, so a registry down for minutes neither
 * stops the service nor spins it: a cap would stop the service after a few seconds of outage, since
 * each new thread fails at once on the same record. Other retriable failures get a new thread at
 * most {@value #MAX_REPLACEMENTS} times per {@value #REPLACEMENT_WINDOW_MINUTES} minutes; anything
 * else shuts the client down. Thread-safe.
 */
final class ThreadReplacementPolicy {
  static final int MAX_REPLACEMENTS = 10;
  static final int REPLACEMENT_WINDOW_MINUTES = 5;
  static final Duration FIRST_OUTAGE_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_OUTAGE_BACKOFF = Duration.ofSeconds(30);

  /** An outage this long after the previous one starts the back-off again from the first step. */
  private static final Duration OUTAGE_RESET = Duration.ofMinutes(2);

  /** Sleeps for a duration (the dying thread waits before its replacement starts). */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private final Deque<Long> replacements = new ArrayDeque<>();
  private int consecutiveOutages;
  private long lastOutage;

  ThreadReplacementPolicy(LongSupplier nanoClock, Sleeper sleeper) {
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  static ThreadReplacementPolicy system() {
    return new ThreadReplacementPolicy(System::nanoTime, d -> Thread.sleep(d.toMillis()));
  }

  StreamThreadExceptionResponse respond(Throwable error) {
    if (DeadLetters.isRegistryOutage(error)) {
      Duration backoff = nextOutageBackoff();
      try {
        sleeper.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    if (!StreamsApp.isTransient(error)) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    return countedReplacement();
  }

  /** The back-off before the next thread after a registry outage. */
  synchronized Duration nextOutageBackoff() {
    long now = nanoClock.getAsLong();
    if (consecutiveOutages > 0 && now - lastOutage > OUTAGE_RESET.toNanos()) {
      consecutiveOutages = 0;
    }
    lastOutage = now;
    long millis = FIRST_OUTAGE_BACKOFF.toMillis() << Math.min(consecutiveOutages, 20);
    consecutiveOutages++;
    return Duration.ofMillis(Math.min(millis, MAX_OUTAGE_BACKOFF.toMillis()));
  }

  private synchronized StreamThreadExceptionResponse countedReplacement() {
    long now = nanoClock.getAsLong();
    long window = TimeUnit.MINUTES.toNanos(REPLACEMENT_WINDOW_MINUTES);
    while (!replacements.isEmpty() && now - replacements.peekFirst() > window) {
      replacements.removeFirst();
    }
    if (replacements.size() >= MAX_REPLACEMENTS) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    replacements.addLast(now);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}
