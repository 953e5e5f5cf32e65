package io.compressnet.monitor;

import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A monitor topology in a TopologyTestDriver with an in-memory registry and helpers. */
final class MonitorFixture implements AutoCloseable {
  static final int SIDE = 28;
  static final long SCORED_AT = 1_700_000_000_000L;
  static final String MODEL = "emnist-test@00000001";
  static final String SOURCE = "cam-1";

  final SchemaRegistryClient registry;
  final MonitorStats stats = new MonitorStats(10_000, 1_000, 50);
  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> raw;
  final TestInputTopic<byte[], byte[]> reconstructed;
  final TestOutputTopic<String, ImageQuality> qualities;
  final TestOutputTopic<String, QualityWindow> windows;
  final TestOutputTopic<String, QualityAlert> alerts;
  final TestOutputTopic<byte[], byte[]> dlq;
  private final SpecificAvroSerde<ImageEvent> imageSerde;
  private final SpecificAvroSerde<ReconstructedImage> reconSerde;

  MonitorFixture(MonitorConfig config) {
    this(config, new InMemorySchemaRegistryClient());
  }

  MonitorFixture(MonitorConfig config, InMemorySchemaRegistryClient registry) {
    this(config, registry, registry);
  }

  /**
   * The monitor reads through {@code registry}; test records are written through {@code writer}.
   */
  MonitorFixture(
      MonitorConfig config, SchemaRegistryClient registry, InMemorySchemaRegistryClient writer) {
    this.registry = registry;
    Clock clock = Clock.fixed(Instant.ofEpochMilli(SCORED_AT), ZoneOffset.UTC);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitor-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, tempStateDir());
    // Check for closed windows on every record, not once per wall-clock second.
    props.put("__emit.interval.ms.kstreams.windowed.aggregation__", 0L);
    driver =
        new TopologyTestDriver(
            MonitorTopology.buildTopology(config, registry, stats, clock), props);
    stats.readTotalsFrom(
        MonitorTotals.of(
            () -> driver.<String, WindowAggregate>getKeyValueStore(MonitorTotals.TOTALS_STORE),
            () -> driver.<String, Long>getKeyValueStore(MonitorTotals.EVENTS_STORE)));
    imageSerde = new SpecificAvroSerde<>(writer, ImageEvent.class, true);
    reconSerde = new SpecificAvroSerde<>(writer, ReconstructedImage.class, true);
    raw =
        driver.createInputTopic(
            Topics.IMAGES_RAW, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    reconstructed =
        driver.createInputTopic(
            Topics.IMAGES_RECONSTRUCTED,
            Serdes.ByteArray().serializer(),
            Serdes.ByteArray().serializer());
    qualities =
        driver.createOutputTopic(
            Topics.QUALITY_IMAGES,
            Serdes.String().deserializer(),
            new SpecificAvroSerde<>(writer, ImageQuality.class, true).deserializer());
    windows =
        driver.createOutputTopic(
            Topics.QUALITY_WINDOWS,
            Serdes.String().deserializer(),
            new SpecificAvroSerde<>(writer, QualityWindow.class, true).deserializer());
    alerts =
        driver.createOutputTopic(
            Topics.QUALITY_ALERTS,
            Serdes.String().deserializer(),
            new SpecificAvroSerde<>(writer, QualityAlert.class, true).deserializer());
    dlq =
        driver.createOutputTopic(
            config.dlqTopic(),
            Serdes.ByteArray().deserializer(),
            Serdes.ByteArray().deserializer());
  }

  /**
   * A registry client that answers like {@code real} except that every lookup of a schema by id
   * (what reading a record needs) throws {@code failure}: a registry that is down or refuses us.
   */
  static SchemaRegistryClient failingLookups(
      InMemorySchemaRegistryClient real, RuntimeException failure) {
    return (SchemaRegistryClient)
        Proxy.newProxyInstance(
            MonitorFixture.class.getClassLoader(),
            new Class<?>[] {SchemaRegistryClient.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getById")) {
                throw failure;
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static String tempStateDir() {
    try {
      return java.nio.file.Files.createTempDirectory("monitor-ttd").toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A 28x28 test pattern: a bright square on a mid-grey gradient (SSIM needs structure). */
  static byte[] pattern() {
    byte[] p = new byte[SIDE * SIDE];
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        int v = 40 + 4 * c;
        if (r >= 8 && r < 20 && c >= 8 && c < 20) {
          v = 250;
        }
        p[r * SIDE + c] = (byte) v;
      }
    }
    return p;
  }

  /**
   * A copy of {@code pixels} with the first {@code n} pixels moved by {@code delta} grey levels.
   */
  static byte[] changed(byte[] pixels, int n, int delta) {
    byte[] q = pixels.clone();
    for (int i = 0; i < n; i++) {
      int v = (q[i] & 0xFF) + delta;
      q[i] = (byte) Math.max(0, Math.min(255, v));
    }
    return q;
  }

  /** The negative image. */
  static byte[] inverted(byte[] pixels) {
    byte[] q = new byte[pixels.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = (byte) (255 - (pixels[i] & 0xFF));
    }
    return q;
  }

  static ImageEvent image(String id, long capturedAt, byte[] pixels) {
    return ImageEvent.newBuilder()
        .setId(id)
        .setSource(SOURCE)
        .setCapturedAt(Instant.ofEpochMilli(capturedAt))
        .setWidth(SIDE)
        .setHeight(SIDE)
        .setPixels(ByteBuffer.wrap(pixels))
        .build();
  }

  static ReconstructedImage recon(String id, long capturedAt, byte[] pixels, long decodedAt) {
    return ReconstructedImage.newBuilder()
        .setId(id)
        .setSource(SOURCE)
        .setCapturedAt(Instant.ofEpochMilli(capturedAt))
        .setModelId(MODEL)
        .setWidth(SIDE)
        .setHeight(SIDE)
        .setPixels(ByteBuffer.wrap(pixels))
        .setLatentBytes(32)
        .setEncodedAt(Instant.ofEpochMilli(capturedAt + 1))
        .setDecodedAt(Instant.ofEpochMilli(decodedAt))
        .build();
  }

  void sendOriginal(ImageEvent e, long timestamp) {
    raw.pipeInput(
        new TestRecord<>(
            key(e.getId()),
            imageSerde.serializer().serialize(Topics.IMAGES_RAW, e),
            Instant.ofEpochMilli(timestamp)));
  }

  void sendReconstruction(ReconstructedImage r, long timestamp) {
    reconstructed.pipeInput(
        new TestRecord<>(
            key(r.getId()),
            reconSerde.serializer().serialize(Topics.IMAGES_RECONSTRUCTED, r),
            Instant.ofEpochMilli(timestamp)));
  }

  /** The wire bytes of an original, as a producer would write them to images.raw. */
  byte[] originalFrame(ImageEvent e) {
    return imageSerde.serializer().serialize(Topics.IMAGES_RAW, e);
  }

  /** The wire bytes of a reconstruction, as the decoder would write them. */
  byte[] reconstructionFrame(ReconstructedImage r) {
    return reconSerde.serializer().serialize(Topics.IMAGES_RECONSTRUCTED, r);
  }

  /** An original at {@code ts} and its reconstruction {@code latency} ms later. */
  void sendPair(String id, long ts, byte[] original, byte[] reconstruction, long latency) {
    sendOriginal(image(id, ts, original), ts);
    sendReconstruction(recon(id, ts, reconstruction, ts + latency), ts);
  }

  static byte[] key(String id) {
    return id.getBytes(StandardCharsets.UTF_8);
  }

  List<String> qualityIds() {
    return qualities.readKeyValuesToList().stream().map(kv -> kv.key).toList();
  }

  List<QualityWindow> windowsOfKind(String kind) {
    return windows.readValuesToList().stream().filter(w -> w.getKind().equals(kind)).toList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
