package io.compressnet.monitor;

import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The quality-monitor topology.
 *
 * <pre>
 * images.raw ──bytes──► decode-raw ──┬─ dead ─────────────────────────────► images.dlq
 *                                    └─ ok ─► pair-original ─┐   (shared stores: pending,
 * images.reconstructed ─► decode-rec ┬─ dead ───────────────►│    pending-index, last-model)
 *                                    └─ ok ─► pair-recon ────┤
 *                                                            ├─ dead (size mismatch) ► images.dlq
 *                                                            ├─ scored ► quality.images
 *                                                            └─ scored + missing ─► by-model
 *   repartition by modelId ─┬─► hopping time windows (closed windows) ─┬─► quality.windows
 *                           │                                           └─► alerts ► quality.alerts
 *                           └─► last-N count view ─────────────────────────► quality.windows
 * </pre>
 *
 * Inputs are read as bytes and decoded in a processor so that a bad record becomes a dead letter
 * instead of stopping the application. The join is hand-written over two stores (rather than a DSL
 * stream-stream join) because the DSL join cannot report the originals that never found a partner,
 * and those are what the "missing" figure counts.
 */
public final class MonitorTopology {

  static final String TIME_KIND = TimeWindowProcessor.KIND;

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
    boolean autoRegister = Boolean.parseBoolean(config.get(MonitorConfig.AUTO_REGISTER));
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

    String dlqTopic = config.dlqTopic();
    KStream<String, Decoded> originals =
        decoded(
            builder,
            dlqTopic,
            Topics.IMAGES_RAW,
            "raw",
            () ->
                new DecodeProcessor<>(
                    imageSerde.deserializer(), "quality-monitor.decode-raw", sampler, listener));
    KStream<String, Decoded> reconstructions =
        decoded(
            builder,
            dlqTopic,
            Topics.IMAGES_RECONSTRUCTED,
            "reconstructed",
            () ->
                new DecodeProcessor<>(
                    reconSerde.deserializer(),
                    "quality-monitor.decode-reconstructed",
                    sampler,
                    listener));

    String[] joinStores = {
      PairingProcessor.PENDING_STORE,
      PairingProcessor.INDEX_STORE,
      PairingProcessor.LAST_MODEL_STORE
    };
    KStream<String, Outcome> fromOriginals =
        originals.process(
            () ->
                new PairingProcessor(
                    PairingProcessor.Side.ORIGINAL,
                    config.joinWindow(),
                    config.joinGrace(),
                    imageSerde.deserializer(),
                    reconSerde.deserializer(),
                    listener,
                    clock),
            Named.as("pair-original"),
            joinStores);
    KStream<String, Outcome> fromReconstructions =
        reconstructions.process(
            () ->
                new PairingProcessor(
                    PairingProcessor.Side.RECONSTRUCTION,
                    config.joinWindow(),
                    config.joinGrace(),
                    imageSerde.deserializer(),
                    reconSerde.deserializer(),
                    listener,
                    clock),
            Named.as("pair-reconstructed"),
            joinStores);
    KStream<String, Outcome> outcomes =
        fromOriginals.merge(fromReconstructions, Named.as("outcomes"));

    Map<String, KStream<String, Outcome>> routes =
        outcomes
            .split(Named.as("outcome-"))
            .branch((id, o) -> o.isDead(), Branched.as("dead"))
            .defaultBranch(Branched.as("counted"));
    toDeadLetters(
        routes.get("outcome-dead").mapValues(Outcome::dead, Named.as("outcome-dead-letter")),
        dlqTopic,
        "outcome");
    KStream<String, Outcome> counted = routes.get("outcome-counted");
    counted
        .filter((id, o) -> o.isScored(), Named.as("scored"))
        .mapValues(Outcome::quality, Named.as("quality"))
        .to(
            Topics.QUALITY_IMAGES,
            Produced.with(Serdes.String(), qualitySerde).withName("quality-images-sink"));

    KStream<String, ScoreEvent> byModel =
        counted
            .map((id, o) -> KeyValue.pair(o.modelId(), o.event()), Named.as("key-by-model"))
            .repartition(
                Repartitioned.with(Serdes.String(), ScoreEvent.serde()).withName("by-model"));

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

    return builder.build();
  }

  private static KStream<String, Decoded> decoded(
      StreamsBuilder builder,
      String dlqTopic,
      String topic,
      String name,
      org.apache.kafka.streams.processor.api.ProcessorSupplier<byte[], byte[], String, Decoded>
          decoder) {
    KStream<String, Decoded> decoded =
        builder.stream(
                topic,
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-source"))
            .process(decoder, Named.as("decode-" + name));
    Map<String, KStream<String, Decoded>> routes =
        decoded
            .split(Named.as(name + "-"))
            .branch((id, d) -> d.isDead(), Branched.as("dead"))
            .defaultBranch(Branched.as("ok"));
    toDeadLetters(
        routes.get(name + "-dead").mapValues(Decoded::dead, Named.as(name + "-dead-letter")),
        dlqTopic,
        name);
    return routes.get(name + "-ok");
  }

  private static void toDeadLetters(
      KStream<String, DeadLetter> letters, String dlqTopic, String name) {
    letters
        .map(
            (k, letter) -> KeyValue.pair(letter.key(), letter.value()),
            Named.as(name + "-dlq-bytes"))
        .to(
            dlqTopic,
            Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-dlq-sink"));
  }

  private static void addStores(StreamsBuilder builder) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PairingProcessor.PENDING_STORE),
            Serdes.String(),
            PendingEntry.serde()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PairingProcessor.INDEX_STORE),
            Serdes.Bytes(),
            Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PairingProcessor.LAST_MODEL_STORE),
            Serdes.String(),
            Serdes.String()));
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
