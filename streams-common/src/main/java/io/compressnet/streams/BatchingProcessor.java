package io.compressnet.streams;

import java.util.ArrayList;
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
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Reads raw records, dead-letters the ones that cannot be read or are invalid, buffers the valid
 * ones and hands them to {@link #processBatch} in batches: when {@link BatchSettings#batchSize()}
 * records are buffered, or when a wall-clock punctuator (every {@link BatchSettings#maxWait()})
 * finds a non-empty buffer that did not grow since its previous tick, or that it has held for
 * {@link #MAX_HELD_TICKS} ticks.
 *
 * <p><b>Crash and rebalance safety</b>: the buffer is a changelogged key-value store holding each
 * record's original bytes and origin. Under {@code exactly_once_v2} the store's changelog, the
 * outputs, the dead letters and the input offsets commit in one transaction, so a record is either
 * still buffered (and restored with the store by whichever instance owns the partition next) or
 * fully processed: never lost, never emitted twice. Under {@code at_least_once} nothing is lost but
 * a crash may emit a record twice.
 *
 * <p>Input: raw bytes (so a corrupt record reaches the DLQ unchanged). Outputs go to the child
 * {@link #outputSink}, dead letters to {@link DeadLetters#SINK_NAME}. Tombstones are counted and
 * skipped. A Schema Registry outage is rethrown (the task fails and the record is retried), never
 * dead-lettered. An exception from {@link #processBatch} (other than Kafka's own, which are
 * rethrown) sends the whole batch to the DLQ with stage {@link #batchStage} and processing
 * continues; implementations therefore compute every output before forwarding any.
 *
 * @param <V> the value type records are deserialized to
 */
public abstract class BatchingProcessor<V> implements Processor<byte[], byte[], Object, Object> {

  /** A buffered record: its origin (for the DLQ) and its deserialized value. */
  public record Pending<V>(SourceRecord source, String key, V value) {}

  private final BatchSettings settings;
  private final Deserializer<V> deserializer;
  private final String outputSink;
  protected final ServiceMetrics metrics;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<Long, byte[]> buffer;
  private long nextSequence;
  private int buffered;

  /** {@link #buffered} at the previous tick: unchanged means the input has caught up. */
  private int bufferedAtLastTick;

  /** Ticks the current (non-empty) buffer has been held without growing to a full batch. */
  private int heldTicks;

  /** A non-empty buffer is flushed after at most this many ticks even while records arrive. */
  static final int MAX_HELD_TICKS = 10;

  protected BatchingProcessor(
      BatchSettings settings,
      Deserializer<V> deserializer,
      String outputSink,
      ServiceMetrics metrics) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    this.outputSink = Objects.requireNonNull(outputSink, "outputSink");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * The buffer store for {@code settings}: in memory, changelogged (restored from its changelog
   * after a crash or a move to another instance).
   */
  public static StoreBuilder<KeyValueStore<Long, byte[]>> bufferStore(BatchSettings settings) {
    return Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(settings.storeName()), Serdes.Long(), Serdes.ByteArray());
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.buffer = context.getStateStore(settings.storeName());
    // Records restored from the changelog keep their sequence: continue after the last one.
    nextSequence = 0;
    buffered = 0;
    try (KeyValueIterator<Long, byte[]> all = buffer.all()) {
      while (all.hasNext()) {
        nextSequence = Math.max(nextSequence, all.next().key + 1);
        buffered++;
      }
    }
    context.schedule(settings.maxWait(), PunctuationType.WALL_CLOCK_TIME, now -> onTick());
    onInit(context);
  }

  /** Hook for subclasses to create per-task resources (e.g. a model predictor). */
  protected void onInit(ProcessorContext<Object, Object> context) {}

  @Override
  public final void process(Record<byte[], byte[]> record) {
    metrics.recordIn();
    SourceRecord source = sourceOf(record);
    if (record.value() == null) {
      metrics.tombstone();
      return;
    }
    if (record.value().length > settings.maxRecordBytes()) {
      deadLetter(
          source,
          "validate",
          new InvalidRecordException(
              "record of "
                  + record.value().length
                  + " bytes exceeds the limit of "
                  + settings.maxRecordBytes()));
      return;
    }
    V value;
    try {
      value = deserializer.deserialize(source.topic(), record.headers(), record.value());
    } catch (RuntimeException e) {
      if (DeadLetters.isRegistryOutage(e)) {
        throw e; // not the record's fault: fail the task, the record is retried
      }
      deadLetter(source, "deserialize", e);
      return;
    }
    try {
      validate(value);
    } catch (InvalidRecordException e) {
      deadLetter(source, "validate", e);
      return;
    }
    buffer.put(nextSequence++, BufferedRecords.encode(source));
    buffered++;
    if (buffered >= settings.batchSize()) {
      flush();
    }
  }

  /**
   * Checks a deserialized value; throws {@link InvalidRecordException} with the reason to send it
   * to the DLQ.
   */
  protected abstract void validate(V value);

  /**
   * Processes one batch: computes all outputs, then forwards them with {@link #emit} (and any
   * per-record failures with {@link #deadLetter}).
   */
  protected abstract void processBatch(List<Pending<V>> batch);

  /** The DLQ stage named when {@link #processBatch} throws, e.g. {@code encode}. */
  protected abstract String batchStage();

  /** Forwards an output record to the output sink and counts it. */
  protected final void emit(Record<?, ?> output) {
    context.forward(output, outputSink);
    metrics.recordsOut(1);
  }

  /** Sends a record to the DLQ with its original bytes and origin. */
  protected final void deadLetter(SourceRecord source, String stage, Throwable error) {
    DeadLetters.send(context, DeadLetter.of(source, stage, error), metrics);
  }

  /** Records currently buffered in this task. */
  protected final int bufferedCount() {
    return buffered;
  }

  /**
   * Flushes a non-empty buffer when no record arrived since the previous tick (the input has caught
   * up) or after {@link #MAX_HELD_TICKS} ticks. Flushing whatever is buffered at every tick
   * collapses batches to one record under backlog: the stream thread hands each task one record per
   * loop iteration, an iteration that runs inference outlasts the tick, so every tick found exactly
   * one record.
   */
  private void onTick() {
    if (buffered == 0) {
      heldTicks = 0;
    } else if (buffered == bufferedAtLastTick || ++heldTicks >= MAX_HELD_TICKS) {
      flush();
    }
    bufferedAtLastTick = buffered;
  }

  /** Processes everything buffered, oldest first, and empties the buffer. */
  protected final void flush() {
    List<Pending<V>> batch = new ArrayList<>(buffered);
    List<Long> keys = new ArrayList<>(buffered);
    try (KeyValueIterator<Long, byte[]> all = buffer.all()) {
      while (all.hasNext()) {
        KeyValue<Long, byte[]> entry = all.next();
        keys.add(entry.key);
        SourceRecord source = BufferedRecords.decode(entry.value);
        // Read again: the value was valid when buffered, and the schema is cached by now (after a
        // restore, an outage here fails the task and the buffer is kept).
        V value = deserializer.deserialize(source.topic(), source.headers(), source.value());
        batch.add(new Pending<>(source, keyString(source.key()), value));
      }
    }
    for (Long key : keys) {
      buffer.delete(key);
    }
    buffered = 0;
    heldTicks = 0;
    if (batch.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    try {
      processBatch(batch);
    } catch (RuntimeException e) {
      if (DeadLetters.isRegistryOutage(e) || e instanceof KafkaException) {
        // Kafka's own failures (a fenced producer, a failed send: TaskMigratedException,
        // StreamsException) are not the batch's fault: Kafka Streams must handle them, and under
        // exactly-once the transaction is aborted and the batch is processed again.
        throw e;
      }
      for (Pending<V> pending : batch) {
        deadLetter(pending.source(), batchStage(), e);
      }
      return;
    }
    metrics.batch(batch.size(), System.nanoTime() - start);
  }

  private SourceRecord sourceOf(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    return new SourceRecord(
        record.key(),
        record.value(),
        record.timestamp(),
        record.headers(),
        meta == null ? null : meta.topic(),
        meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset());
  }

  private static String keyString(byte[] key) {
    return key == null ? null : new String(key, java.nio.charset.StandardCharsets.UTF_8);
  }
}
