package io.compressnet.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.codec.inference.UntrainedBundles;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.LatentEncoding;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.evolution.EarlierSchemas;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.schemas.serde.WireFormat;
import io.compressnet.streams.DeadLetter;
import io.compressnet.streams.InvalidRecordException;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderTopologyTest {

  private static final Path SAMPLE =
      Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz").toAbsolutePath();
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Instant CAPTURED = Instant.parse("2026-11-27T11:59:59.123Z");

  @TempDir static Path dir;
  private static ModelBundle bundle;
  private static ImageSet images;

  private ServiceMetrics metrics;
  private InMemorySchemaRegistryClient registry;
  private SpecificAvroSerde<ImageEvent> imageSerde;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> raw;
  private TestOutputTopic<String, LatentVector> latent;
  private TestOutputTopic<byte[], byte[]> dlq;

  @BeforeAll
  static void createModel() throws Exception {
    bundle = UntrainedBundles.create(dir.resolve("model"), "test-ps8-int8", 8, "INT8");
    images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 20);
  }

  @BeforeEach
  void startDriver() {
    startDriver(Map.of());
  }

  private void startDriver(Map<String, String> extraSettings) {
    registry = new InMemorySchemaRegistryClient();
    imageSerde = new SpecificAvroSerde<>(registry, ImageEvent.class, true);
    SpecificAvroSerde<LatentVector> latentSerde =
        new SpecificAvroSerde<>(registry, LatentVector.class, true);
    metrics = ServiceMetrics.inMemory("encoder");
    ServiceConfig.Loader loader =
        EncoderConfig.SPEC
            .loader()
            .override("compressnet.batch.size", "4")
            .override("compressnet.batch.max.wait.ms", "20");
    extraSettings.forEach(loader::override);
    EncoderConfig config = EncoderConfig.from(loader.load());
    driver =
        new TopologyTestDriver(
            EncoderService.buildTopology(
                config, bundle, imageSerde, latentSerde, metrics, Clock.fixed(NOW, ZoneOffset.UTC)),
            config.service().streamsProperties());
    raw =
        driver.createInputTopic(
            "images.raw", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    latent =
        driver.createOutputTopic(
            "images.latent", Serdes.String().deserializer(), latentSerde.deserializer());
    dlq =
        driver.createOutputTopic(
            "images.dlq", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void shouldSendCorruptRecordToDlqAndEncodeTheGoodOnesAfterIt() {
    // Given
    byte[] corrupt = {7, 1, 2, 3, 4, 5};

    // When
    raw.pipeInput(utf8("bad-0"), corrupt);
    for (int i = 0; i < 4; i++) {
      pipe(image("img-" + i, i));
    }

    // Then
    assertThat(latent.readKeyValuesToList()).containsExactlyElementsOf(expectedLatents(0, 4));
    TestRecord<byte[], byte[]> letter = single(dlq.readRecordsToList());
    assertThat(letter.key()).isEqualTo(utf8("bad-0"));
    assertThat(letter.value()).isEqualTo(corrupt);
    assertThat(dlqHeaders(letter))
        .isEqualTo(
            Map.of(
                DeadLetter.STAGE, "deserialize",
                DeadLetter.ERROR_CLASS, SerializationException.class.getName(),
                DeadLetter.ERROR_MESSAGE,
                    "Unknown magic byte 0x07 on topic images.raw: not Confluent wire format"
                        + " (expected 0x00)",
                DeadLetter.TOPIC, "images.raw",
                DeadLetter.PARTITION, "0",
                DeadLetter.OFFSET, "0"));
  }

  @Test
  void shouldSendRecordWithUnknownSchemaIdToDlq() {
    // Given
    byte[] frame = WireFormat.frame(999, new byte[] {2, 'x'});

    // When
    raw.pipeInput(utf8("img-x"), frame);

    // Then
    TestRecord<byte[], byte[]> letter = single(dlq.readRecordsToList());
    assertThat(letter.value()).isEqualTo(frame);
    assertThat(dlqHeaders(letter).get(DeadLetter.STAGE)).isEqualTo("deserialize");
    assertThat(dlqHeaders(letter).get(DeadLetter.ERROR_MESSAGE))
        .startsWith("Unknown schema id 999 on topic images.raw");
    assertThat(latent.isEmpty()).isTrue();
  }

  @Test
  void shouldSendImagesOfWrongSizeOrWithoutPixelsToDlqWithTheReason() {
    // Given
    ImageEvent narrow = withPixels(image("narrow", 0), 27, 28, new byte[27 * 28]);
    ImageEvent empty = withPixels(image("empty", 1), 28, 28, new byte[0]);
    ImageEvent short_ = withPixels(image("short", 2), 28, 28, new byte[700]);

    // When
    pipe(narrow);
    pipe(empty);
    pipe(short_);

    // Then
    List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
    assertThat(letters).hasSize(3);
    assertThat(letters.stream().map(r -> dlqHeaders(r).get(DeadLetter.ERROR_MESSAGE)))
        .containsExactly(
            "image narrow is 27x28 but model " + bundle.modelId() + " takes 28x28",
            "image empty has no pixels",
            "image short has 700 pixel bytes, width*height*channels = 784");
    assertThat(letters)
        .allSatisfy(
            r -> {
              assertThat(dlqHeaders(r))
                  .containsEntry(DeadLetter.STAGE, "validate")
                  .containsEntry(DeadLetter.ERROR_CLASS, InvalidRecordException.class.getName());
            });
    assertThat(letters.get(0).value())
        .isEqualTo(imageSerde.serializer().serialize("images.raw", narrow));
    assertThat(latent.isEmpty()).isTrue();
  }

  @Test
  void shouldSendAnRgbImageToAGrayscaleModelToTheDlqNamingBothChannelCounts() {
    // Given a colour image of the model's size
    ImageEvent rgb =
        ImageEvent.newBuilder(withPixels(image("rgb", 0), 28, 28, new byte[28 * 28 * 3]))
            .setChannels(3)
            .build();
    // When
    pipe(rgb);
    pipe(image("img-0", 0));
    // Then it is dead-lettered with the reason, and the grayscale image after it encoded
    TestRecord<byte[], byte[]> letter = single(dlq.readRecordsToList());
    assertThat(dlqHeaders(letter))
        .containsEntry(
            DeadLetter.ERROR_MESSAGE,
            "image rgb has 3 channel(s) but model " + bundle.modelId() + " takes 1 (grayscale)");
    driver.advanceWallClockTime(Duration.ofMillis(30));
    assertThat(latent.readKeyValuesToList()).containsExactlyElementsOf(expectedLatents(0, 1));
  }

  @Test
  void shouldEncodeImagesWrittenWithTheSchemaBeforeChannels() throws Exception {
    // Given a producer still on the ImageEvent schema without channels
    Schema before = EarlierSchemas.without(ImageEvent.getClassSchema(), "channels");
    int oldId = registry.register("images.raw-value", before);
    // When it sends four grayscale images
    for (int i = 0; i < 4; i++) {
      ImageEvent image = image("img-" + i, i);
      raw.pipeInput(
          utf8(image.getId()),
          io.compressnet.schemas.serde.WireFormat.frame(
              oldId, EarlierSchemas.write(image, before)));
    }
    // Then today's encoder reads them as grayscale and encodes them all
    assertThat(latent.readKeyValuesToList()).containsExactlyElementsOf(expectedLatents(0, 4));
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldSkipAndCountTombstones() {
    // When
    raw.pipeInput(utf8("gone"), (byte[]) null);
    driver.advanceWallClockTime(Duration.ofMillis(100));

    // Then
    assertThat(latent.isEmpty()).isTrue();
    assertThat(dlq.isEmpty()).isTrue();
    assertThat(metrics.tombstoneCount()).isEqualTo(1);
    assertThat(metrics.inCount()).isEqualTo(1);
  }

  @Test
  void shouldEncodeWhenBatchIsFullWithoutWaitingForTheClock() {
    // When
    for (int i = 0; i < 3; i++) {
      pipe(image("img-" + i, i));
    }
    boolean emptyBeforeFourth = latent.isEmpty();
    pipe(image("img-3", 3));

    // Then
    assertThat(emptyBeforeFourth).isTrue();
    assertThat(latent.readKeyValuesToList()).containsExactlyElementsOf(expectedLatents(0, 4));
    assertThat(metrics.batchCount()).isEqualTo(1);
    assertThat(metrics.batchSizeTotal()).isEqualTo(4.0);
  }

  @Test
  void shouldEncodePartialBatchWhenTheWallClockPunctuatorFires() {
    // Given
    pipe(image("img-0", 0));
    pipe(image("img-1", 1));
    driver.advanceWallClockTime(Duration.ofMillis(5));
    boolean emptyBeforeMaxWait = latent.isEmpty();

    // When
    // Two ticks: a partial batch is flushed once no record arrived for a whole tick.
    driver.advanceWallClockTime(Duration.ofMillis(20));
    driver.advanceWallClockTime(Duration.ofMillis(20));

    // Then
    assertThat(emptyBeforeMaxWait).isTrue();
    assertThat(latent.readKeyValuesToList()).containsExactlyElementsOf(expectedLatents(0, 2));
    assertThat(metrics.batchCount()).isEqualTo(1);
  }

  @Test
  void shouldKeepTheInputTimestampOnTheLatent() {
    // When
    raw.pipeInput(
        utf8("img-0"), imageSerde.serializer().serialize("images.raw", image("img-0", 0)), 777L);
    // Two ticks: a partial batch is flushed once no record arrived for a whole tick.
    driver.advanceWallClockTime(Duration.ofMillis(20));
    driver.advanceWallClockTime(Duration.ofMillis(20));

    // Then
    assertThat(single(latent.readRecordsToList()).timestamp()).isEqualTo(777L);
  }

  @Test
  void shouldAccountForEveryRecordAsOutputDeadLetterOrTombstone() {
    // When
    raw.pipeInput(utf8("bad"), new byte[] {1});
    for (int i = 0; i < 9; i++) {
      pipe(image("img-" + i, i));
    }
    raw.pipeInput(utf8("gone"), (byte[]) null);
    pipe(withPixels(image("empty", 0), 28, 28, new byte[0]));
    // Two ticks: a partial batch is flushed once no record arrived for a whole tick.
    driver.advanceWallClockTime(Duration.ofMillis(20));
    driver.advanceWallClockTime(Duration.ofMillis(20));

    // Then
    long out = latent.readRecordsToList().size();
    long dead = dlq.readRecordsToList().size();
    assertThat(out).isEqualTo(9);
    assertThat(dead).isEqualTo(2);
    assertThat(metrics.inCount()).isEqualTo(12).isEqualTo(out + dead + metrics.tombstoneCount());
    assertThat(metrics.outCount()).isEqualTo(out);
    assertThat(metrics.deadLetterCount()).isEqualTo(dead);
  }

  @Test
  void shouldSendRefinedLatentsWhenRefinementIsConfigured() {
    // Given: an encoder configured for two refinement steps
    closeDriver();
    startDriver(
        Map.of("compressnet.encoder.refine.steps", "2", "compressnet.encoder.refine.rate", "0.02"));

    // When
    for (int i = 0; i < 4; i++) {
      pipe(image("img-" + i, i));
    }

    // Then: exactly the latents of a refining BatchEncoder, which differ from plain ones
    List<KeyValue<String, LatentVector>> expected = expectedLatents(0, 4, new Refinement(2, 0.02f));
    assertThat(latent.readKeyValuesToList()).isEqualTo(expected);
    assertThat(expected).isNotEqualTo(expectedLatents(0, 4));
  }

  @Test
  void shouldRunOneStreamThreadWithFiftyMillisecondCommitsByDefault() {
    // When
    EncoderConfig config = EncoderConfig.SPEC.load(Map.of(), null, Map.of());

    // Then
    assertThat(config.service().getInt(ServiceConfig.NUM_STREAM_THREADS)).isEqualTo(1);
    assertThat(config.service().streamsProperties().getProperty("commit.interval.ms"))
        .isEqualTo("50");
  }

  @Test
  void shouldRefuseNegativeRefinementStepsWithTheSettingName() {
    ServiceConfig.Loader loader =
        EncoderConfig.SPEC.loader().override("compressnet.encoder.refine.steps", "-1");
    assertThatThrownBy(() -> EncoderConfig.from(loader.load()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("compressnet.encoder.refine.steps")
        .hasMessageContaining("at least 0");
  }

  private void pipe(ImageEvent image) {
    raw.pipeInput(utf8(image.getId()), imageSerde.serializer().serialize("images.raw", image));
  }

  private static ImageEvent image(String id, int index) {
    return ImageEvent.newBuilder()
        .setId(id)
        .setSource("test-camera")
        .setCapturedAt(CAPTURED)
        .setWidth(28)
        .setHeight(28)
        .setPixels(ByteBuffer.wrap(images.images()[index]))
        .setLabel("a")
        .build();
  }

  private static ImageEvent withPixels(ImageEvent image, int width, int height, byte[] pixels) {
    return ImageEvent.newBuilder(image)
        .setWidth(width)
        .setHeight(height)
        .setPixels(ByteBuffer.wrap(pixels))
        .build();
  }

  private static List<KeyValue<String, LatentVector>> expectedLatents(int from, int to) {
    return expectedLatents(from, to, Refinement.NONE);
  }

  private static List<KeyValue<String, LatentVector>> expectedLatents(
      int from, int to, Refinement refinement) {
    List<byte[]> pixels = new ArrayList<>();
    for (int i = from; i < to; i++) {
      pixels.add(images.images()[i]);
    }
    byte[][] packed;
    try (BatchEncoder encoder =
        new BatchEncoder(bundle, Encoding.INT8, BatchEncoder.DEFAULT_PASS_SIZE, refinement)) {
      packed = encoder.encode(pixels);
    }
    List<KeyValue<String, LatentVector>> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(
          KeyValue.pair(
              "img-" + i,
              LatentVector.newBuilder()
                  .setId("img-" + i)
                  .setSource("test-camera")
                  .setCapturedAt(CAPTURED)
                  .setModelId(bundle.modelId())
                  .setWidth(28)
                  .setHeight(28)
                  .setEncoding(LatentEncoding.INT8)
                  .setDims(8)
                  .setLatent(ByteBuffer.wrap(packed[i - from]))
                  .setEncodedAt(NOW)
                  .build()));
    }
    return out;
  }

  static Map<String, String> dlqHeaders(TestRecord<byte[], byte[]> record) {
    Map<String, String> out = new TreeMap<>();
    record
        .headers()
        .forEach(
            h -> {
              if (h.key().startsWith(DeadLetter.HEADER_PREFIX)) {
                out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
              }
            });
    return out;
  }

  private static <T> T single(List<T> list) {
    assertThat(list).hasSize(1);
    return list.get(0);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
