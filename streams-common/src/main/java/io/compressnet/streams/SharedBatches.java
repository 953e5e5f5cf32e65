package io.compressnet.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link ThreadBatch} per stream thread for all the {@link BatchingProcessor}s of one processor
 * node: create one per topology and give it to every processor instance the node's supplier makes.
 * Instances on the same stream thread (the thread's tasks) then fill forward passes together.
 *
 * @param <V> the value type of the records
 */
public final class SharedBatches<V> {

  private final Map<Thread, ThreadBatch<V>> byThread = new ConcurrentHashMap<>();

  /** The calling thread's batch, which the caller joins (and must {@link #leave}). */
  ThreadBatch<V> join() {
    ThreadBatch<V> batch =
        byThread.computeIfAbsent(Thread.currentThread(), t -> new ThreadBatch<>());
    batch.join();
    return batch;
  }

  /** Leaves {@code batch}; the last member to leave removes it. */
  void leave(ThreadBatch<V> batch, BatchingProcessor<V> owner) {
    if (batch.leave(owner)) {
      byThread.values().remove(batch);
    }
  }

  /** Threads with a live batch; for tests. */
  int threads() {
    return byThread.size();
  }
}
