package io.compressnet.monitor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor's running totals, kept in two state stores of its own topology so that they are
 * exactly-once like its output topics: the stores' changelogs are written in the same transaction
 * as the output, and a task that is retried is restored from them, so a retry never counts an image
 * twice (an in-process counter would). The dashboard's summary and {@code QualityMonitor.summary()}
 * read them through interactive queries.
 *
 * <ul>
 *   <li>{@value #TOTALS_STORE}: per model, everything scored or missing since the application began
 *       (a {@link WindowAggregate}; updated by {@link TotalsProcessor} on the by-model stream).
 *   <li>{@value #EVENTS_STORE}: counts of the events that are not images (dead letters, orphans,
 *       late and duplicate records, tombstones, sampled-out images), written by {@link
 *       EventCountingListener} on the join's sub-topology, one count per task: readers sum them.
 * </ul>
 *
 * Both outlive a restart of the monitor: the figures are the application's (its application id's),
 * not the process's. They cover the tasks this instance runs, as the stores are local.
 */
public final class MonitorTotals {
  static final String TOTALS_STORE = "monitor-totals";
  static final String EVENTS_STORE = "monitor-event-counts";

  static final String DEAD_LETTERS = "dead-letters";
  static final String ORPHANS = "orphans";
  static final String LATE = "late";
  static final String DUPLICATES = "duplicates";
  static final String TOMBSTONES = "tombstones";
  static final String SAMPLED_OUT = "sampled-out";

  private MonitorTotals() {}

  /**
   * What the stores hold at one moment.
   *
   * @param perModel the all-time aggregate of each model
   * @param events event name to count, summed over tasks
   */
  record Snapshot(Map<String, WindowAggregate> perModel, Map<String, Long> events) {
    static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of());

    long event(String name) {
      return events.getOrDefault(name, 0L);
    }

    long scored() {
      return perModel.values().stream().mapToLong(WindowAggregate::count).sum();
    }

    long missing() {
      return perModel.values().stream().mapToLong(WindowAggregate::missing).sum();
    }
  }

  /** Where a {@link Snapshot} is read from. */
  @FunctionalInterface
  interface Source {
    /** Nothing counted yet: before the monitor runs. */
    Source NONE = () -> Snapshot.EMPTY;

    Snapshot read();
  }

  static StoreBuilder<KeyValueStore<String, WindowAggregate>> totalsStore() {
    // A few keys: in memory, restored from the changelog. Cached: one changelog write per model
    // and commit, not per image.
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(TOTALS_STORE), Serdes.String(), WindowAggregate.serde())
        .withCachingEnabled();
  }

  static StoreBuilder<KeyValueStore<String, Long>> eventsStore() {
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(EVENTS_STORE), Serdes.String(), Serdes.Long())
        .withCachingEnabled();
  }

  /**
   * The stores of a running Kafka Streams client, by interactive query. While they cannot be
   * queried (a rebalance, a restore), the last snapshot read is returned.
   */
  static Source of(KafkaStreams streams) {
    return new LastGood(
        of(
            () ->
                streams.store(
                    StoreQueryParameters.fromNameAndType(
                        TOTALS_STORE,
                        QueryableStoreTypes.<String, WindowAggregate>keyValueStore())),
            () ->
                streams.store(
                    StoreQueryParameters.fromNameAndType(
                        EVENTS_STORE, QueryableStoreTypes.<String, Long>keyValueStore()))));
  }

  /** The stores as given, e.g. a {@code TopologyTestDriver}'s. */
  static Source of(
      Supplier<? extends ReadOnlyKeyValueStore<String, WindowAggregate>> totals,
      Supplier<? extends ReadOnlyKeyValueStore<String, Long>> events) {
    return () -> new Snapshot(perModel(totals.get()), summed(events.get()));
  }

  private static Map<String, WindowAggregate> perModel(
      ReadOnlyKeyValueStore<String, WindowAggregate> store) {
    Map<String, WindowAggregate> out = new LinkedHashMap<>();
    try (KeyValueIterator<String, WindowAggregate> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, WindowAggregate> kv = it.next();
        out.merge(kv.key, kv.value, WindowAggregate::merge);
      }
    }
    return out;
  }

  /** One entry per task and event: summed into one count per event. */
  private static Map<String, Long> summed(ReadOnlyKeyValueStore<String, Long> store) {
    Map<String, Long> out = new LinkedHashMap<>();
    try (KeyValueIterator<String, Long> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        out.merge(kv.key, kv.value, Long::sum);
      }
    }
    return out;
  }

  /** Keeps the last snapshot for the moments the stores cannot be queried. */
  private static final class LastGood implements Source {
    private final Source delegate;
    private volatile Snapshot last = Snapshot.EMPTY;

    LastGood(Source delegate) {
      this.delegate = delegate;
    }

    @Override
    public Snapshot read() {
      try {
        last = delegate.read();
      } catch (InvalidStateStoreException e) {
        // rebalancing or restoring: the previous figures are still the best answer
      }
      return last;
    }
  }
}
