package io.compressnet.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.EntropyTableFit;
import io.compressnet.codec.inference.UntrainedBundles;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.imaging.quant.PackedLatent;
import io.compressnet.schemas.avro.LatentEncoding;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.streams.DeadLetter;
import io.compressnet.streams.InvalidRecordException;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
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

class DecoderTopologyTest {

  private static final Path SAMPLE =
      Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz").toAbsolutePath();
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Instant CAPTURED = Instant.parse("2026-11-27T11:59:59.123Z");
  private static final Instant ENCODED = Instant.parse("2026-11-27T11:59:59.500Z");

  @TempDir static Path models;
  private static ModelBundle int8Model;
  private static ModelBundle float16Model;
  private static ModelBundle plain32Model;
  private static ModelBundle codedModel;
  private static ImageSet images;

  private InMemorySchemaRegistryClient registry;

  private ServiceMetrics metrics;
  private SpecificAvroSerde<LatentVector> latentSerde;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> latents;
  private TestOutputTopic<String, ReconstructedImage> reconstructed;
  private TestOutputTopic<byte[], byte[]> dlq;

  @BeforeAll
  static void createModels() throws Exception {
    int8Model = UntrainedBundles.create(models.resolve("a"), "test-ps8-int8", 8, "INT8");
    float16Model = UntrainedBundles.create(models.resolve("b"), "test-ps12-float16", 12, "FLOAT16");
    images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 60);
    // A 32-dim model without tables, and a copy of the shipped (trained) model with tables fitted
    // on other sample images: its INT8 codes are peaked, as range coding expects
    plain32Model = UntrainedBundles.create(models.resolve("c"), "test-ps32-int8", 32, "INT8");
    ImageSet fitting =
        IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 1000).slice(60, 1000);
    codedModel =
        EntropyTableFit.fitAndWrite(
                ModelBundle.load(Path.of("../models/default")), fitting, models.resolve("coded"))
            .bundle();
  }

  @BeforeEach
  void startDriver() {
    registry = new InMemorySchemaRegistryClient();
    latentSerde = new SpecificAvroSerde<>(registry, LatentVector.class, true);
    SpecificAvroSerde<ReconstructedImage> imageSerde =
        new SpecificAvroSerde<>(registry, ReconstructedImage.class, true);
    metrics = ServiceMetrics.inMemory("decoder");
    DecoderConfig config =
        DecoderConfig.from(
            DecoderConfig.SPEC
                .loader()
                .override("compressnet.batch.size", "4")
                .override("compressnet.models.dir", models.toString())
                .load());
    ModelCatalog catalog = new ModelCatalog(models, Duration.ZERO, System::nanoTime);
    driver =
        new TopologyTestDriver(
            DecoderService.buildTopology(
                config,
                catalog,
                latentSerde,
                imageSerde,
                metrics,
                Clock.fixed(NOW, ZoneOffset.UTC)),
            config.service().streamsProperties());
    latents =
        driver.createInputTopic(
            "images.latent", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    reconstructed =
        driver.createOutputTopic(
            "images.reconstructed", Serdes.String().deserializer(), imageSerde.deserializer());
    dlq =
        driver.createOutputTopic(
            "images.dlq", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void shouldDecodeEachLatentWithTheModelItNames() {
    // Given: latents of two models, interleaved, after a corrupt record
    latents.pipeInput(utf8("bad"), new byte[] {9, 9, 9, 9, 9, 9});
    LatentVector a0 = latent("img-0", 0, int8Model, Encoding.INT8);
    LatentVector b1 = latent("img-1", 1, float16Model, Encoding.FLOAT16);
    LatentVector a2 = latent("img-2", 2, int8Model, Encoding.INT8);
    LatentVector b3 = latent("img-3", 3, float16Model, Encoding.FLOAT32);

    // When
    for (LatentVector v : List.of(a0, b1, a2, b3)) {
      pipe(v);
    }

    // Then: each decoded by its own model (one pass per model and encoding), in input order
    assertThat(reconstructed.readKeyValuesToList())
        .containsExactly(
            expected(a0, int8Model), expected(b1, float16Model),
            expected(a2, int8Model), expected(b3, float16Model));
    TestRecord<byte[], byte[]> letter = single(dlq.readRecordsToList());
    assertThat(dlqHeaders(letter))
        .containsEntry(DeadLetter.STAGE, "deserialize")
        .containsEntry(DeadLetter.ERROR_CLASS, SerializationException.class.getName())
        .containsEntry(DeadLetter.OFFSET, "0");
  }

  @Test
  void shouldSendLatentOfUnknownModelToDlqNamingTheKnownOnes() {
    // Given
    LatentVector stranger =
        LatentVector.newBuilder(latent("img-0", 0, int8Model, Encoding.INT8))
            .setModelId("emnist-ps32-int8@deadbeef")
            .build();

    // When
    pipe(stranger);

    // Then
    TestRecord<byte[], byte[]> letter = single(dlq.readRecordsToList());
    assertThat(letter.value()).isEqualTo(serialize(stranger));
    assertThat(dlqHeaders(letter))
        .isEqualTo(
            Map.of(
                DeadLetter.STAGE, "validate",
                DeadLetter.ERROR_CLASS, UnknownModelException.class.getName(),
                DeadLetter.ERROR_MESSAGE,
                    "unknown model emnist-ps32-int8@deadbeef; known: "
                        + new TreeSet<>(
                            List.of(
                                float16Model.modelId(),
                                int8Model.modelId(),
                                plain32Model.modelId(),
                                codedModel.modelId()))
                        + " (in "
                        + models
                        + ")",
                DeadLetter.TOPIC, "images.latent",
                DeadLetter.PARTITION, "0",
                DeadLetter.OFFSET, "0"));
  }

  @Test
  void shouldPickUpABundleDroppedInWithoutRestart() throws Exception {
    // Given: a model that appears after the decoder started
    Path lateDir = models.resolve("late");
    try {
      ModelBundle late = UntrainedBundles.create(lateDir, "test-late", 8, "INT8");
      LatentVector v = latent("img-5", 5, late, Encoding.INT8);

      // When
      pipe(v);
      // Two ticks: a partial batch is flushed once no record arrived for a whole tick.
      driver.advanceWallClockTime(Duration.ofMillis(20));
      driver.advanceWallClockTime(Duration.ofMillis(20));

      // Then
      assertThat(reconstructed.readKeyValuesToList()).containsExactly(expected(v, late));
      assertThat(dlq.isEmpty()).isTrue();
    } finally {
      // The models directory is shared by the tests of this class.
      try (Stream<Path> files = Files.walk(lateDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void shouldSendLatentsOfWrongLengthDimsOrSizeToDlqWithTheReason() {
    // Given
    LatentVector ok = latent("img-0", 0, int8Model, Encoding.INT8);
    LatentVector longer =
        LatentVector.newBuilder(ok).setId("longer").setLatent(ByteBuffer.wrap(new byte[9])).build();
    LatentVector wrongEncoding =
        LatentVector.newBuilder(ok).setId("enc").setEncoding(LatentEncoding.FLOAT32).build();
    LatentVector wrongDims = LatentVector.newBuilder(ok).setId("dims").setDims(32).build();
    LatentVector wrongSize = LatentVector.newBuilder(ok).setId("size").setWidth(32).build();

    // When
    for (LatentVector v : List.of(longer, wrongEncoding, wrongDims, wrongSize)) {
      pipe(v);
    }

    // Then
    List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
    assertThat(letters.stream().map(r -> dlqHeaders(r).get(DeadLetter.ERROR_MESSAGE)))
        .containsExactly(
            "latent longer has 9 bytes but 8 dims in INT8 take 8",
            "latent enc has 8 bytes but 8 dims in FLOAT32 take 32",
            "latent dims has 32 dims but model " + int8Model.modelId() + " has 8",
            "latent size is for a 32x28 image but model " + int8Model.modelId() + " makes 28x28");
    assertThat(letters)
        .allSatisfy(
            r ->
                assertThat(dlqHeaders(r))
                    .containsEntry(DeadLetter.STAGE, "validate")
                    .containsEntry(DeadLetter.ERROR_CLASS, InvalidRecordException.class.getName()));
    assertThat(reconstructed.isEmpty()).isTrue();
  }

  @Test
  void shouldSkipTombstonesAndAccountForEveryRecord() {
    // When
    latents.pipeInput(utf8("gone"), (byte[]) null);
    latents.pipeInput(utf8("bad"), new byte[] {1});
    for (int i = 0; i < 5; i++) {
      pipe(latent("img-" + i, i, int8Model, Encoding.INT8));
    }
    // Two ticks: a partial batch is flushed once no record arrived for a whole tick.
    driver.advanceWallClockTime(Duration.ofMillis(20));
    driver.advanceWallClockTime(Duration.ofMillis(20));

    // Then
    long out = reconstructed.readRecordsToList().size();
    long dead = dlq.readRecordsToList().size();
    assertThat(out).isEqualTo(5);
    assertThat(dead).isEqualTo(1);
    assertThat(metrics.tombstoneCount()).isEqualTo(1);
    assertThat(metrics.inCount()).isEqualTo(7).isEqualTo(out + dead + metrics.tombstoneCount());
    assertThat(metrics.batchCount()).isEqualTo(2); // one full batch of 4, one of 1 by the clock
  }

  @Test
  void shouldDecodeRangeCodedLatentsToTheImagesOfTheirInt8Form() {
    // Given the same images as range-coded messages and as INT8 messages of the same model
    List<LatentVector> coded = new ArrayList<>();
    List<LatentVector> int8 = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < 4; i++) {
      LatentVector v = rangeCoded("c-" + i, next);
      int index = indexOf(v);
      coded.add(v);
      int8.add(latent("i-" + i, index, codedModel, Encoding.INT8));
      next = index + 1;
    }
    // When
    coded.forEach(this::pipe);
    int8.forEach(this::pipe);
    // Then each coded latent decodes to its INT8 twin's image, and says what it carried
    List<KeyValue<String, ReconstructedImage>> out = reconstructed.readKeyValuesToList();
    assertThat(out).hasSize(8);
    for (int i = 0; i < 4; i++) {
      ReconstructedImage fromCoded = out.get(i).value;
      ReconstructedImage fromInt8 = out.get(4 + i).value;
      assertThat(fromCoded.getPixels()).isEqualTo(fromInt8.getPixels());
      assertThat(fromCoded.getLatentBytes())
          .isEqualTo(coded.get(i).getLatent().remaining())
          .isLessThan(32);
      assertThat(fromInt8.getLatentBytes()).isEqualTo(32);
    }
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldSendTruncatedOrCorruptRangeCodedLatentsToDlqAndDecodeTheRest() {
    // Given
    LatentVector good = rangeCoded("good", 0);
    byte[] bytes = bytesOf(good.getLatent());
    LatentVector truncated = withLatent(good, "truncated", Arrays.copyOf(bytes, bytes.length - 1));
    byte[] flipped = bytes.clone();
    flipped[0] ^= 0x10; // the check byte
    LatentVector corrupt = withLatent(good, "corrupt", flipped);
    LatentVector noTables =
        LatentVector.newBuilder(good).setId("no-tables").setModelId(plain32Model.modelId()).build();

    // When
    for (LatentVector v : List.of(truncated, good, corrupt, noTables)) {
      pipe(v);
    }
    driver.advanceWallClockTime(Duration.ofMillis(20));
    driver.advanceWallClockTime(Duration.ofMillis(20));

    // Then
    assertThat(reconstructed.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("good");
    List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
    List<String> reasons =
        letters.stream().map(r -> dlqHeaders(r).get(DeadLetter.ERROR_MESSAGE)).toList();
    assertThat(reasons).hasSize(3);
    assertThat(reasons.get(0))
        .startsWith(
            "latent truncated is a corrupt INT8_RANGE latent: coded latent of "
                + (bytes.length - 1)
                + " bytes ");
    assertThat(reasons.get(1))
        .isEqualTo(
            "latent corrupt is a corrupt INT8_RANGE latent: coded latent of "
                + bytes.length
                + " bytes fails its check (truncated or corrupted): CRC-8 of its length and"
                + " decoded codes is 0x"
                + String.format("%02x", bytes[0] & 0xFF)
                + ", its check byte 0x"
                + String.format("%02x", flipped[0] & 0xFF));
    assertThat(reasons.get(2))
        .isEqualTo(
            "latent no-tables is INT8_RANGE but model "
                + plain32Model.modelId()
                + " has no entropy tables");
    assertThat(letters)
        .allSatisfy(r -> assertThat(dlqHeaders(r)).containsEntry(DeadLetter.STAGE, "validate"));
  }

  @Test
  void shouldReadLatentsWrittenWithTheSchemaBeforeInt8Range() throws Exception {
    // Given a record written by an encoder on the schema without INT8_RANGE
    Schema old = latentVectorBeforeInt8Range();
    int oldId = registry.register("images.latent-value", old);
    LatentVector v = latent("old-0", 0, int8Model, Encoding.INT8);
    GenericRecord record = new GenericData.Record(old);
    for (Schema.Field field : old.getFields()) {
      Object value = v.get(field.name());
      if (value instanceof Enum<?> symbol) {
        value = new GenericData.EnumSymbol(field.schema(), symbol.name());
      } else if (value instanceof Instant instant) {
        value = instant.toEpochMilli();
      }
      record.put(field.name(), value);
    }
    java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(payload, null);
    new GenericDatumWriter<GenericRecord>(old).write(record, encoder);
    encoder.flush();

    // When today's decoder reads it
    latents.pipeInput(
        utf8("old-0"), io.compressnet.schemas.serde.WireFormat.frame(oldId, payload.toByteArray()));
    driver.advanceWallClockTime(Duration.ofMillis(20));
    driver.advanceWallClockTime(Duration.ofMillis(20));

    // Then
    assertThat(reconstructed.readKeyValuesToList()).containsExactly(expected(v, int8Model));
    assertThat(dlq.isEmpty()).isTrue();
  }

  /** LatentVector's schema as it was before INT8_RANGE was appended to its encodings. */
  static Schema latentVectorBeforeInt8Range() {
    String json = LatentVector.getClassSchema().toString();
    assertThat(json).contains(",\"INT8_RANGE\"]");
    return new Schema.Parser().parse(json.replace(",\"INT8_RANGE\"]", "]"));
  }

  /**
   * A range-coded latent of the first sample image from {@code index} on whose coded form is
   * shorter than INT8 (on the shipped model about a third of the latents go out as INT8).
   */
  private static LatentVector rangeCoded(String id, int index) {
    try (BatchEncoder encoder = new BatchEncoder(codedModel, Encoding.INT8_RANGE)) {
      for (int i = index; i < images.size(); i++) {
        PackedLatent message = encoder.encodeMessages(List.of(images.images()[i]))[0];
        if (message.encoding() == Encoding.INT8_RANGE) {
          return LatentVector.newBuilder(
                  withLatent(latent(id, i, codedModel, Encoding.INT8), id, message.bytes()))
              .setEncoding(LatentEncoding.INT8_RANGE)
              .build();
        }
      }
    }
    throw new AssertionError("no sample image from " + index + " on codes shorter than INT8");
  }

  /** The sample image a latent of {@link #rangeCoded} was made from (same capture, same pixels). */
  private static int indexOf(LatentVector coded) {
    byte[] codes = codedModel.requireRangeCoder().decode(bytesOf(coded.getLatent()));
    try (BatchEncoder encoder = new BatchEncoder(codedModel, Encoding.INT8)) {
      byte[][] all = encoder.encode(Arrays.asList(images.images()));
      for (int i = 0; i < all.length; i++) {
        if (Arrays.equals(all[i], codes)) {
          return i;
        }
      }
    }
    throw new AssertionError("no sample image has the codes of " + coded.getId());
  }

  private static LatentVector withLatent(LatentVector v, String id, byte[] latent) {
    return LatentVector.newBuilder(v).setId(id).setLatent(ByteBuffer.wrap(latent)).build();
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  private void pipe(LatentVector v) {
    latents.pipeInput(utf8(v.getId()), serialize(v));
  }

  private byte[] serialize(LatentVector v) {
    return latentSerde.serializer().serialize("images.latent", v);
  }

  private static LatentVector latent(String id, int index, ModelBundle model, Encoding encoding) {
    byte[] packed;
    try (BatchEncoder encoder = new BatchEncoder(model, encoding)) {
      packed = encoder.encode(List.of(images.images()[index]))[0];
    }
    return LatentVector.newBuilder()
        .setId(id)
        .setSource("test-camera")
        .setCapturedAt(CAPTURED)
        .setModelId(model.modelId())
        .setWidth(28)
        .setHeight(28)
        .setEncoding(LatentEncoding.valueOf(encoding.name()))
        .setDims(model.spec().latentDims())
        .setLatent(ByteBuffer.wrap(packed))
        .setEncodedAt(ENCODED)
        .build();
  }

  private static KeyValue<String, ReconstructedImage> expected(LatentVector v, ModelBundle model) {
    byte[] latent = new byte[v.getLatent().remaining()];
    v.getLatent().duplicate().get(latent);
    byte[] pixels;
    try (BatchDecoder decoder = new BatchDecoder(model)) {
      pixels = decoder.decode(List.of(latent), Encoding.valueOf(v.getEncoding().name()))[0];
    }
    return KeyValue.pair(
        v.getId(),
        ReconstructedImage.newBuilder()
            .setId(v.getId())
            .setSource("test-camera")
            .setCapturedAt(CAPTURED)
            .setModelId(model.modelId())
            .setWidth(28)
            .setHeight(28)
            .setPixels(ByteBuffer.wrap(pixels))
            .setLatentBytes(latent.length)
            .setEncodedAt(ENCODED)
            .setDecodedAt(NOW)
            .build());
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

  @Test
  void shouldRunOneStreamThreadWithFiftyMillisecondCommitsByDefault() {
    // When
    DecoderConfig config = DecoderConfig.SPEC.load(Map.of(), null, Map.of());

    // Then
    assertThat(config.service().getInt(ServiceConfig.NUM_STREAM_THREADS)).isEqualTo(1);
    assertThat(config.service().streamsProperties().getProperty("commit.interval.ms"))
        .isEqualTo("50");
  }
}
