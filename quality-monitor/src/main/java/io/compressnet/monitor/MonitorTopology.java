package io.compressnet.monitor;

import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.streams.DeadLetters;
import java.time.Clock;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The quality-monitor topology.
 *
 * <pre>
 * images.raw ──bytes──► decode-raw ──┬─ dead ─────────────────────► dlq-sink ► images.dlq
 *                                    ├─ tombstone: counted, skipped
 *                                    └─ ok ─► pair-original ─┐   (shared stores: pending,
 * images.reconstructed ─► decode-rec ┬─ dead ───────────────►│    pending-index, last-model)
 *                                    ├─ tombstone: counted, skipped
 *                                    └─ ok ─► pair-recon ────┤
 *                                                            ├─ dead (size mismatch) ► dlq-sink
 *                                                            ├─ scored ► quality.images
 *                                                            └─ scored + missing ─► by-model
 *   repartition by modelId ─┬─► hopping time windows (closed windows) ─┬─► quality.windows
 *                           │                                           └─► alerts ► quality.alerts
 *                           └─► last-N count view ─────────────────────────► quality.windows
 * </pre>
 *
 * Inputs are read as bytes and decoded in a processor so that a bad record becomes a dead letter
 * instead of stopping the application. Dead letters of every stage go through the one DLQ sink of
 * streams-common ({@link DeadLetters#addSink}), with the headers every service writes. The join is
 * hand-written over two stores (rather than a DSL stream-stream join) because the DSL join cannot
 * report the originals that never found a partner, and those are what the "missing" figure counts.
 */
public final class MonitorTopology {

  static final String TIME_KIND = TimeWindowProcessor.KIND;

  // Processor names that processors forward to by name (see forwardedByName) and that feed the
  // shared DLQ sink.
  static final String READ_RAW = "decode-raw";
  static final String READ_RECONSTRUCTED = "decode-reconstructed";
  static final String JOIN_ORIGINAL = "pair-original";
  static final String JOIN_RECONSTRUCTED = "pair-reconstructed";
  static final String JOIN_RESULTS = "join-results";

  private MonitorTopology() {}

  /** The topology with the system clock. */
  public static Topology buildTopology(
      MonitorConfig config, SchemaRegistryClient registry, MonitorListener listener) {
    return buildTopology(config, registry, listener, Clock.systemUTC());
  }

  /**
   * The topology. {@code registry} serves the Avro serdes of the input and output topics; {@code
   * listener} sees scores, windows and alerts in process (the dashboard); {@code clock} stamps
   * {@code scoredAt} and {@code raisedAt}.
   */
  public static Topology buildTopology(
      MonitorConfig config, SchemaRegistryClient registry, MonitorListener listener, Clock clock) {
    boolean autoRegister = config.autoRegister();
    Serde<ImageEvent> imageSerde =
        new SpecificAvroSerde<>(registry, ImageEvent.class, autoRegister);
    Serde<ReconstructedImage> reconSerde =
        new SpecificAvroSerde<>(registry, ReconstructedImage.class, autoRegister);
    Serde<ImageQuality> qualitySerde =
        new SpecificAvroSerde<>(registry, ImageQuality.class, autoRegister);
    Serde<QualityWindow> windowSerde =
        new SpecificAvroSerde<>(registry, QualityWindow.class, autoRegister);
    Serde<QualityAlert> alertSerde =
        new SpecificAvroSerde<>(registry, QualityAlert.class, autoRegister);
    Sampler sampler = new Sampler(config.sampleRate());

    StreamsBuilder builder = new StreamsBuilder();
    addStores(builder);

    KStream<String, Decoded> originals =
        validated(
            builder,
            Topics.IMAGES_RAW,
            "raw-source",
            READ_RAW,
            () ->
                new InputValidationProcessor<>(
                    imageSerde.deserializer(),
                    "quality-monitor.decode-raw",
                    JOIN_ORIGINAL,
                    sampler,
                    listener));
    KStream<String, Decoded> reconstructions =
        validated(
            builder,
            Topics.IMAGES_RECONSTRUCTED,
            "reconstructed-source",
            READ_RECONSTRUCTED,
            () ->
                new InputValidationProcessor<>(
                    reconSerde.deserializer(),
                    "quality-monitor.decode-reconstructed",
                    JOIN_RECONSTRUCTED,
                    sampler,
                    listener));

    String[] joinStores = {
      PairingProcessor.PENDING_STORE,
      PairingProcessor.INDEX_STORE,
      PairingProcessor.LAST_MODEL_STORE,
      MonitorTotals.EVENTS_STORE
    };
    // One pairing processor per input side, sharing the join's stores.
    Function<PairingProcessor.Side, PairingProcessor> pairing =
        side ->
            new PairingProcessor(
                side,
                config.joinWindow(),
                config.joinGrace(),
                imageSerde.deserializer(),
                reconSerde.deserializer(),
                listener,
                clock,
                JOIN_RESULTS);
    KStream<String, JoinResult> fromOriginals =
        forwardedByName(
            originals.process(
                () -> pairing.apply(PairingProcessor.Side.ORIGINAL),
                Named.as(JOIN_ORIGINAL),
                joinStores));
    KStream<String, JoinResult> fromReconstructions =
        forwardedByName(
            reconstructions.process(
                () -> pairing.apply(PairingProcessor.Side.RECONSTRUCTION),
                Named.as(JOIN_RECONSTRUCTED),
                joinStores));
    KStream<String, JoinResult> results =
        fromOriginals.merge(fromReconstructions, Named.as(JOIN_RESULTS));
    results
        .filter((id, r) -> r.isScored(), Named.as("scored"))
        .mapValues(JoinResult::quality, Named.as("quality"))
        .to(
            Topics.QUALITY_IMAGES,
            Produced.with(Serdes.String(), qualitySerde).withName("quality-images-sink"));

    KStream<String, ScoreEvent> byModel =
        results
            .map((id, o) -> KeyValue.pair(o.modelId(), o.event()), Named.as("key-by-model"))
            .repartition(
                Repartitioned.with(Serdes.String(), ScoreEvent.serde()).withName("by-model"));

    byModel.process(TotalsProcessor::new, Named.as("totals"), MonitorTotals.TOTALS_STORE);

    KStream<String, QualityWindow> timeWindows =
        byModel.process(
            () ->
                new TimeWindowProcessor(
                    config.windowSize(), config.windowAdvance(), config.windowGrace(), listener),
            Named.as("time-window"),
            TimeWindowProcessor.STORE);

    KStream<String, QualityWindow> countWindows =
        byModel.process(
            () ->
                new CountWindowProcessor(config.countWindowImages(), config.countWindowEmitEvery()),
            Named.as("count-window"),
            CountWindowProcessor.OPEN_STORE,
            CountWindowProcessor.RING_STORE);

    timeWindows
        .merge(countWindows, Named.as("windows"))
        .peek((model, w) -> listener.onWindow(w), Named.as("windows-listener"))
        .to(
            Topics.QUALITY_WINDOWS,
            Produced.with(Serdes.String(), windowSerde).withName("quality-windows-sink"));

    timeWindows
        .process(
            () -> new AlertProcessor(AlertRule.from(config), config.alertMinImages(), clock),
            Named.as("alerts"),
            AlertProcessor.STATE_STORE)
        .peek((key, alert) -> listener.onAlert(alert), Named.as("alerts-listener"))
        .to(
            Topics.QUALITY_ALERTS,
            Produced.with(Serdes.String(), alertSerde).withName("quality-alerts-sink"));

    Topology topology = builder.build();
    // Added after build(): the processor nodes exist only then. One sink for every stage.
    DeadLetters.addSink(
        topology,
        config.dlqTopic(),
        READ_RAW,
        READ_RECONSTRUCTED,
        JOIN_ORIGINAL,
        JOIN_RECONSTRUCTED);
    return topology;
  }

  /** An input topic, read as bytes and validated; only records to score come out. */
  private static KStream<String, Decoded> validated(
      StreamsBuilder builder,
      String topic,
      String sourceName,
      String processorName,
      ProcessorSupplier<byte[], byte[], Object, Object> processor) {
    return forwardedByName(
        builder.stream(
                topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(sourceName))
            .process(processor, Named.as(processorName), MonitorTotals.EVENTS_STORE));
  }

  /**
   * The stream of a processor that also feeds the DLQ sink, typed as what it forwards to its one
   * DSL child. Such processors must declare {@code Object} outputs ({@link DeadLetters#send} needs
   * a {@code ProcessorContext<Object, Object>}), but they forward only records of this type to the
   * DSL child, by name, so the cast holds.
   */
  @SuppressWarnings("unchecked")
  private static <K, V> KStream<K, V> forwardedByName(KStream<Object, Object> stream) {
    return (KStream<K, V>) (KStream<?, ?>) stream;
  }

  /**
   * The join's stores are cached: an original usually waits only until its reconstruction arrives a
   * few hundred milliseconds later, so its entry and index key are written and deleted within one
   * commit interval, and the cache sends the changelog one tombstone per key at the commit instead
   * of a put and a delete per store and image (the image itself no longer crosses the broker a
   * second time). Under exactly-once the cache is flushed before each commit, so the changelog
   * still matches the committed input offsets.
   */
  private static void addStores(StreamsBuilder builder) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PairingProcessor.PENDING_STORE),
                Serdes.String(),
                PendingEntry.serde())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PairingProcessor.INDEX_STORE),
                Serdes.Bytes(),
                Serdes.ByteArray())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PairingProcessor.LAST_MODEL_STORE),
                Serdes.String(),
                Serdes.String())
            .withCachingEnabled());
    builder.addStateStore(MonitorTotals.eventsStore());
    builder.addStateStore(MonitorTotals.totalsStore());
    builder.addStateStore(TimeWindowProcessor.storeBuilder());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CountWindowProcessor.OPEN_STORE),
            Serdes.String(),
            WindowAggregate.serde()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CountWindowProcessor.RING_STORE),
            Serdes.String(),
            CountWindowProcessor.ringSerde()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(AlertProcessor.STATE_STORE),
            Serdes.String(),
            Serdes.String()));
  }
}
