package io.compressnet.monitor;

import io.compressnet.schemas.avro.QualityWindow;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hopping time windows per model (size S, advance A, grace G; windows start at multiples of A),
 * each published once, when stream time reaches its end + G: the semantics of a DSL {@code
 * windowedBy(TimeWindows.ofSizeAndGrace(S, G).advanceBy(A))} aggregation emitting on window close,
 * at a fraction of its cost.
 *
 * <p><b>Why not the DSL.</b> A hopping window aggregation updates S / A windows per record (six
 * with the defaults), and each update reads the window's state from the store, deserializes it,
 * adds the record, serializes it and writes it back. Its state carries two histograms, and the
 * store's cache range-scans on every fetch: measured in {@code bench live} at 300 images/s, that
 * was most of the monitor's CPU. Here every record updates one <i>slice</i> (the windows' common
 * refinement: slices of gcd(S, A), so every window is a whole number of them) and a window is the
 * merge of its slices when it closes. This is the "panes" technique (Li, Maier, Tufte, Papadimos,
 * Tucker, "No pane, no gain", SIGMOD Record 34(1), 2005).
 *
 * <p><b>State.</b> The slices and, per model, the start of the next window to publish live in a
 * changelogged key-value store, the source of truth; the processor keeps them deserialized in
 * memory as well (rebuilt from the store when the task starts), so a record costs one in-memory add
 * and one write. Under exactly-once, the writes, the published windows and the input offsets commit
 * together: a window is never published twice nor lost. Slices no open window needs are deleted
 * when the window before them is published.
 *
 * <p>A score whose every window has already been published (it came more than G after its windows'
 * end, e.g. after a long stall) is counted ({@link MonitorListener#onAfterWindowsClosed}) and left
 * out of the time windows; it is still in {@code quality.images} and in the count view.
 */
final class TimeWindowProcessor implements Processor<String, ScoreEvent, String, QualityWindow> {
  static final String STORE = "monitor-time-slices";
  static final String KIND = "time";

  private static final Logger LOG = LoggerFactory.getLogger(TimeWindowProcessor.class);

  /** Separates the model id from the slice start or {@link #CURSOR} in a store key. */
  private static final char SEPARATOR = '\u0000';

  private static final String CURSOR = "next";
  private static final long LOG_EVERY_MS = 60_000;

  private final long size;
  private final long advance;
  private final long grace;
  private final long slice;
  private final MonitorListener listener;
  private final Map<String, ModelWindows> models = new HashMap<>();
  private ProcessorContext<String, QualityWindow> context;
  private KeyValueStore<String, byte[]> store;
  private long streamTime = Long.MIN_VALUE;
  private long afterCloseSinceLog;
  private long lastLogMs;

  /** The open slices of one model and the start of its next window to publish. */
  private static final class ModelWindows {
    final TreeMap<Long, WindowAggregate> slices = new TreeMap<>();
    long nextWindow;

    ModelWindows(long nextWindow) {
      this.nextWindow = nextWindow;
    }
  }

  TimeWindowProcessor(Duration size, Duration advance, Duration grace, MonitorListener listener) {
    this.size = size.toMillis();
    this.advance = advance.toMillis();
    this.grace = grace.toMillis();
    if (this.size <= 0 || this.advance <= 0 || this.advance > this.size || this.grace < 0) {
      throw new IllegalArgumentException(
          "need 0 < advance <= size and grace >= 0, was size "
              + size
              + ", advance "
              + advance
              + ", grace "
              + grace);
    }
    this.slice = gcd(this.size, this.advance);
    this.listener = listener;
  }

  /** The processor's store: in memory (small: a window's worth of slices per model), logged. */
  static StoreBuilder<KeyValueStore<String, byte[]>> storeBuilder() {
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
        .withCachingEnabled();
  }

  @Override
  public void init(ProcessorContext<String, QualityWindow> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        restore(all.next());
      }
    }
    // A cursor is written with a model's first slice; should one be missing, no window of the
    // restored slices has been published yet.
    models.values().stream()
        .filter(m -> m.nextWindow == Long.MIN_VALUE && !m.slices.isEmpty())
        .forEach(m -> m.nextWindow = firstWindowHolding(m.slices.firstKey()));
  }

  private void restore(KeyValue<String, byte[]> entry) {
    int at = entry.key.lastIndexOf(SEPARATOR);
    String model = entry.key.substring(0, at);
    String what = entry.key.substring(at + 1);
    ModelWindows m = models.computeIfAbsent(model, k -> new ModelWindows(Long.MIN_VALUE));
    if (CURSOR.equals(what)) {
      m.nextWindow = ByteBuffer.wrap(entry.value).getLong();
    } else {
      m.slices.put(Long.parseLong(what), WindowAggregate.fromBytes(entry.value));
    }
  }

  @Override
  public void process(Record<String, ScoreEvent> record) {
    String model = record.key();
    long timestamp = record.timestamp();
    streamTime = Math.max(streamTime, timestamp);
    ModelWindows m = models.get(model);
    if (m == null) {
      // A new model's first score may be old: windows stream time has closed stay closed.
      m = new ModelWindows(Math.max(firstWindowHolding(timestamp), firstOpenWindow()));
      models.put(model, m);
      writeCursor(model, m);
    }
    if (lastWindowHolding(timestamp) < m.nextWindow) {
      afterWindowsClosed(model);
    } else {
      long start = Math.floorDiv(timestamp, slice) * slice;
      WindowAggregate agg = m.slices.computeIfAbsent(start, s -> new WindowAggregate());
      agg.add(record.value(), timestamp);
      store.put(sliceKey(model, start), agg.toBytes());
    }
    for (Map.Entry<String, ModelWindows> e : models.entrySet()) {
      publishClosed(e.getKey(), e.getValue());
    }
  }

  /** Publishes every window of the model that stream time has closed, oldest first. */
  private void publishClosed(String model, ModelWindows m) {
    long before = m.nextWindow;
    while (m.nextWindow + size + grace <= streamTime) {
      if (m.slices.isEmpty()) {
        // Nothing left to publish: the cursor rests at the first window still open.
        m.nextWindow = Math.max(m.nextWindow, firstOpenWindow());
        break;
      }
      long firstSlice = m.slices.firstKey();
      if (firstSlice >= m.nextWindow + size) {
        // Windows before the first slice hold nothing (a gap in the input): skip them, but not
        // past the first window still open, which a late score may yet reach.
        m.nextWindow =
            Math.max(m.nextWindow, Math.min(firstWindowHolding(firstSlice), firstOpenWindow()));
        continue;
      }
      publish(model, m, m.nextWindow);
      m.nextWindow += advance;
      dropSlicesBefore(model, m, m.nextWindow);
    }
    if (m.nextWindow != before) {
      writeCursor(model, m);
    }
  }

  private void publish(String model, ModelWindows m, long start) {
    WindowAggregate window = new WindowAggregate();
    m.slices.subMap(start, start + size).values().forEach(window::merge);
    if (window.count() + window.missing() > 0) {
      context.forward(
          new Record<>(model, window.toWindow(model, KIND, start, start + size), start + size));
    }
  }

  private void dropSlicesBefore(String model, ModelWindows m, long start) {
    Iterator<Long> old = m.slices.headMap(start).keySet().iterator();
    while (old.hasNext()) {
      store.delete(sliceKey(model, old.next()));
      old.remove();
    }
  }

  private void afterWindowsClosed(String model) {
    listener.onAfterWindowsClosed(model);
    afterCloseSinceLog++;
    long now = context.currentSystemTimeMs();
    if (now - lastLogMs >= LOG_EVERY_MS) {
      LOG.warn(
          "{} score(s) of model {} and others came after all their time windows had closed "
              + "(more than the grace of {} ms after the window end); they are in quality.images "
              + "and the count view but not in the time windows",
          afterCloseSinceLog,
          model,
          grace);
      afterCloseSinceLog = 0;
      lastLogMs = now;
    }
  }

  /** The earliest window (start at a multiple of A, not before 0) that holds {@code timestamp}. */
  private long firstWindowHolding(long timestamp) {
    return Math.max(0, (Math.floorDiv(timestamp - size, advance) + 1) * advance);
  }

  /** The earliest window stream time has not closed (its end + grace is still ahead). */
  private long firstOpenWindow() {
    return firstWindowHolding(streamTime - grace);
  }

  /** The latest window that holds {@code timestamp}. */
  private long lastWindowHolding(long timestamp) {
    return Math.floorDiv(timestamp, advance) * advance;
  }

  private void writeCursor(String model, ModelWindows m) {
    store.put(model + SEPARATOR + CURSOR, ByteBuffer.allocate(8).putLong(m.nextWindow).array());
  }

  private static String sliceKey(String model, long start) {
    return model + SEPARATOR + start;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
