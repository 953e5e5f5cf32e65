package io.compressnet.streams;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Reads raw records, dead-letters the ones that cannot be read or are invalid, buffers the valid
 * ones and hands them to {@link #computeBatch} in batches.
 *
 * <p><b>Batches span the stream thread's tasks</b>: every instance on one stream thread (one per
 * task, i.e. per input partition the thread owns) adds its records to the thread's {@link
 * ThreadBatch} from {@link SharedBatches}. A batch is processed when {@link
 * BatchSettings#batchSize()} records are waiting, or when a wall-clock tick (every half {@link
 * BatchSettings#maxWait()}) finds waiting records and either the oldest has waited the maximum wait
 * or no record arrived since the previous tick. A record thus waits at most about 1.5 times the
 * maximum wait for its batch to fill, and batches are full whenever a batch's worth of records
 * arrives within the maximum wait. While the service is behind (records arrive {@link
 * BatchSettings#backlog()} or more after their timestamps) the maximum wait is suspended and
 * batches fill, since more records are already queued (see {@link ThreadBatch}). One forward pass
 * serves all the thread's partitions: with six partitions and per-task batches, each pass at a
 * moderate rate would carry a sixth of the records. The instance whose call filled the batch
 * computes the outcomes of every record in it; each record's own task forwards them, in order, in
 * its own context (at once for the calling task; on its next record or tick, at most one interval
 * later, for the others).
 *
 * <p><b>Crash and rebalance safety</b>: the buffer is a changelogged key-value store per task
 * holding each record's original bytes and origin, deleted only when the task forwards the record's
 * output or dead letter. Under {@code exactly_once_v2} the store's changelog, the outputs, the dead
 * letters and the input offsets commit in one transaction, so a record is either still buffered
 * (and restored with the store by whichever instance owns the partition next, which computes it
 * again) or fully processed: never lost, never emitted twice. Results computed for a task that
 * closes before forwarding them are dropped with the task and recomputed by the next owner. Under
 * {@code at_least_once} nothing is lost but a crash may emit a record twice.
 *
 * <p>Input: raw bytes (so a corrupt record reaches the DLQ unchanged). Outputs go to the child
 * {@link #outputSink}, dead letters to {@link DeadLetters#SINK_NAME}. Tombstones are counted and
 * skipped. A Schema Registry outage is rethrown (the task fails and the record is retried), never
 * dead-lettered. An exception from {@link #computeBatch} (other than Kafka's own and registry
 * outages, which are rethrown with the batch kept waiting) sends the whole batch to the DLQ with
 * stage {@link #batchStage} and processing continues.
 *
 * @param <V> the value type records are deserialized to
 */
public abstract class BatchingProcessor<V> implements Processor<byte[], byte[], Object, Object> {

  /** A buffered record: its origin (for the DLQ) and its deserialized value. */
  public record Pending<V>(SourceRecord source, String key, V value) {}

  /** A computed record waiting for its task to forward it. */
  private record Done(long sequence, SourceRecord source, Outcome outcome) {}

  /** Arrival time given to records restored from the buffer store: they are due at once. */
  private static final long RESTORED = 0L;

  private final BatchSettings settings;

  /**
   * Ticks come every half maximum wait (at least 1 ms), so a partial batch runs within about half a
   * wait of becoming due.
   */
  private final Duration tickInterval;

  private final Deserializer<V> deserializer;
  private final String outputSink;
  private final SharedBatches<V> shared;
  protected final ServiceMetrics metrics;
  private final ArrayDeque<Done> ready = new ArrayDeque<>();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<Long, byte[]> buffer;
  private ThreadBatch<V> batch;
  private long nextSequence;

  /**
   * @param shared one per processor node of a topology, shared by every instance its supplier
   *     creates (see {@link SharedBatches})
   */
  protected BatchingProcessor(
      BatchSettings settings,
      Deserializer<V> deserializer,
      String outputSink,
      SharedBatches<V> shared,
      ServiceMetrics metrics) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tickInterval = Duration.ofMillis(Math.max(1, settings.maxWait().toMillis() / 2));
    this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    this.outputSink = Objects.requireNonNull(outputSink, "outputSink");
    this.shared = Objects.requireNonNull(shared, "shared");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * The buffer store for {@code settings}: in memory, changelogged (restored from its changelog
   * after a crash or a move to another instance), with Kafka Streams' record cache in front.
   *
   * <p>The cache is what keeps the changelog small: it holds the writes of a commit interval and
   * flushes only the latest value of each key when the task commits (or when the cache is full).
   * Most records are buffered and deleted within one interval, so their image bytes never reach the
   * changelog, only the delete does. Records still buffered at a commit are written in full, in the
   * same transaction as the outputs and offsets, so the guarantees in the class comment hold
   * unchanged. {@code statestore.cache.max.bytes=0} turns the cache off (every put is logged).
   */
  public static StoreBuilder<KeyValueStore<Long, byte[]>> bufferStore(BatchSettings settings) {
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(settings.storeName()), Serdes.Long(), Serdes.ByteArray())
        .withCachingEnabled();
  }

  @Override
  public final void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.buffer = context.getStateStore(settings.storeName());
    this.batch = shared.join();
    onInit(context);
    // Records restored from the changelog wait again (processed at the next tick); new records
    // continue after the last sequence.
    nextSequence = 0;
    try (KeyValueIterator<Long, byte[]> all = buffer.all()) {
      while (all.hasNext()) {
        KeyValue<Long, byte[]> entry = all.next();
        nextSequence = Math.max(nextSequence, entry.key + 1);
        SourceRecord source = BufferedRecords.decode(entry.value);
        // Valid when buffered; a registry outage here fails the task and the buffer is kept.
        V value = deserializer.deserialize(source.topic(), source.headers(), source.value());
        batch.addRestored(
            new ThreadBatch.Waiting<>(
                this, entry.key, pendingOf(source, value), RESTORED, source.timestamp()));
      }
    }
    context.schedule(tickInterval, PunctuationType.WALL_CLOCK_TIME, this::onTick);
  }

  /** Hook for subclasses to create per-task resources (e.g. a model predictor). */
  protected void onInit(ProcessorContext<Object, Object> context) {}

  @Override
  public final void process(Record<byte[], byte[]> record) {
    metrics.recordIn();
    SourceRecord source = SourceRecord.of(record, context);
    if (record.value() == null) {
      metrics.tombstone();
    } else if (record.value().length > settings.maxRecordBytes()) {
      deadLetter(
          source,
          "validate",
          new InvalidRecordException(
              "record of "
                  + record.value().length
                  + " bytes exceeds the limit of "
                  + settings.maxRecordBytes()));
    } else {
      V value = readValid(source);
      if (value != null) {
        long sequence = nextSequence++;
        buffer.put(sequence, BufferedRecords.encode(source));
        long arrivedMs = context.currentSystemTimeMs();
        metrics.recordLag(arrivedMs - source.timestamp());
        batch.add(
            new ThreadBatch.Waiting<>(
                this, sequence, pendingOf(source, value), arrivedMs, source.timestamp()));
        if (batch.size() >= settings.batchSize()) {
          runBatch();
        }
      }
    }
    forwardReady();
  }

  /** The record's value, or null after dead-lettering it (unreadable or invalid). */
  private V readValid(SourceRecord source) {
    V value;
    try {
      value = deserializer.deserialize(source.topic(), source.headers(), source.value());
    } catch (RuntimeException e) {
      if (DeadLetters.isRegistryOutage(e)) {
        throw e; // not the record's fault: fail the task, the record is retried
      }
      deadLetter(source, "deserialize", e);
      return null;
    }
    try {
      validate(value);
    } catch (InvalidRecordException e) {
      deadLetter(source, "validate", e);
      return null;
    }
    return value;
  }

  /**
   * Checks a deserialized value; throws {@link InvalidRecordException} with the reason to send it
   * to the DLQ.
   */
  protected abstract void validate(V value);

  /**
   * Computes one batch, which may hold records of several tasks of this stream thread: one {@link
   * Outcome} per record, in order. Must not forward anything (each record's task forwards its
   * outcome). An exception fails the whole batch (see the class comment).
   */
  protected abstract List<Outcome> computeBatch(List<Pending<V>> batch);

  /** The DLQ stage named when {@link #computeBatch} throws, e.g. {@code encode}. */
  protected abstract String batchStage();

  /** Sends a record to the DLQ with its original bytes and origin. */
  private void deadLetter(SourceRecord source, String stage, Throwable error) {
    DeadLetters.send(context, DeadLetter.of(source, stage, error), metrics);
  }

  private void onTick(long now) {
    if (batch.dueOnTick(
        now,
        tickInterval.toMillis(),
        settings.maxWait().toMillis(),
        settings.backlog().toMillis())) {
      while (batch.size() > 0) {
        runBatch();
      }
    }
    forwardReady();
  }

  /**
   * Computes up to a batch of the thread's waiting records (any task's) and hands each outcome to
   * the task that owns the record.
   */
  private void runBatch() {
    List<ThreadBatch.Waiting<V>> taken = batch.take(settings.batchSize());
    if (taken.isEmpty()) {
      return;
    }
    List<Pending<V>> pending = new ArrayList<>(taken.size());
    long startMs = context.currentSystemTimeMs();
    for (ThreadBatch.Waiting<V> w : taken) {
      pending.add(w.pending());
      if (w.arrivedMs() != RESTORED) {
        metrics.batchWait(startMs - w.arrivedMs());
      }
    }
    long start = System.nanoTime();
    List<Outcome> outcomes;
    try {
      outcomes = computeBatch(pending);
      if (outcomes.size() != pending.size()) {
        throw new IllegalStateException(
            outcomes.size() + " outcomes for a batch of " + pending.size() + " records");
      }
      metrics.batch(pending.size(), System.nanoTime() - start);
    } catch (RuntimeException e) {
      if (DeadLetters.isRegistryOutage(e) || e instanceof KafkaException) {
        // Kafka's own failures (a fenced producer, a failed send: TaskMigratedException,
        // StreamsException) are not the batch's fault: Kafka Streams must handle them; the records
        // stay buffered and are computed again.
        batch.putBack(taken);
        throw e;
      }
      outcomes = Collections.nCopies(pending.size(), Outcome.failed(e));
    }
    for (int i = 0; i < taken.size(); i++) {
      ThreadBatch.Waiting<V> w = taken.get(i);
      w.owner().ready.addLast(new Done(w.sequence(), w.pending().source(), outcomes.get(i)));
    }
  }

  /** Forwards this task's computed records, oldest first, and removes them from the buffer. */
  private void forwardReady() {
    for (Done done = ready.pollFirst(); done != null; done = ready.pollFirst()) {
      if (done.outcome().ok()) {
        context.forward(done.outcome().output(), outputSink);
        metrics.recordsOut(1);
      } else {
        deadLetter(done.source(), batchStage(), done.outcome().error());
      }
      buffer.delete(done.sequence());
    }
  }

  @Override
  public final void close() {
    ready.clear(); // still buffered: the partition's next owner computes them again
    if (batch != null) {
      shared.leave(batch, this);
      batch = null;
    }
    onClose();
  }

  /** Hook for subclasses to free per-task resources. */
  protected void onClose() {}

  private Pending<V> pendingOf(SourceRecord source, V value) {
    return new Pending<>(source, keyString(source.key()), value);
  }

  private static String keyString(byte[] key) {
    return key == null ? null : new String(key, java.nio.charset.StandardCharsets.UTF_8);
  }
}
