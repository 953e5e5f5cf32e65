package io.compressnet.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.bundle.ModelBundle;
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
import io.compressnet.schemas.fuzz.FrameMutator;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.streams.DeadLetter;
import io.compressnet.streams.ServiceMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of damaged latent records mixed with good INT8 and range-coded ones, through the
 * decoder's whole topology: damaged frames, unknown models, every encoding with the wrong payload,
 * edge-case dims and sizes, cut or bit-flipped range codes. Nothing stops the decoder, every record
 * is a reconstruction, a dead letter with its reason and original bytes, or a counted tombstone,
 * and every good latent is decoded.
 */
class DecoderBadInputTest {

  private static final Path SAMPLE =
      Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz").toAbsolutePath();
  private static final int RECORDS = 3_000;
  private static final long SEED = 20261202L;

  @TempDir static Path models;

  @Test
  void shouldDeadLetterEveryDamagedLatentWithItsReasonAndDecodeEveryGoodOne() throws Exception {
    // Given two models: a small INT8 one and the shipped one with range-coding tables
    ModelBundle int8Model =
        UntrainedBundles.create(models.resolve("a"), "fuzz-ps8-int8", 8, "INT8");
    ImageSet images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 600);
    ModelBundle codedModel =
        EntropyTableFit.fitAndWrite(
                ModelBundle.load(Path.of("../models/default")),
                images.slice(100, 600),
                models.resolve("coded"))
            .bundle();
    List<LatentVector> goodLatents = new ArrayList<>();
    goodLatents.addAll(latents(int8Model, Encoding.INT8, images, 50));
    goodLatents.addAll(latents(codedModel, Encoding.INT8_RANGE, images, 50));

    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    SpecificAvroSerde<LatentVector> latentSerde =
        new SpecificAvroSerde<>(registry, LatentVector.class, true);
    SpecificAvroSerde<ReconstructedImage> imageSerde =
        new SpecificAvroSerde<>(registry, ReconstructedImage.class, true);
    ServiceMetrics metrics = ServiceMetrics.inMemory("decoder");
    DecoderConfig config =
        DecoderConfig.from(
            DecoderConfig.SPEC
                .loader()
                .override("compressnet.batch.size", "16")
                .override("compressnet.models.dir", models.toString())
                .load());
    ModelCatalog catalog = new ModelCatalog(models, Duration.ZERO, System::nanoTime);
    FrameMutator mutator = new FrameMutator(SEED);
    Random random = mutator.random();
    Set<String> goodIds = new HashSet<>();
    Set<ByteBuffer> sent = new HashSet<>();
    int tombstones = 0;
    int unreadable = 0;

    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            DecoderService.buildTopology(
                config, catalog, latentSerde, imageSerde, metrics, Clock.systemUTC()),
            config.service().streamsProperties())) {
      TestInputTopic<byte[], byte[]> input =
          driver.createInputTopic(
              "images.latent", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
      TestOutputTopic<String, ReconstructedImage> reconstructed =
          driver.createOutputTopic(
              "images.reconstructed", Serdes.String().deserializer(), imageSerde.deserializer());
      TestOutputTopic<byte[], byte[]> dlq =
          driver.createOutputTopic(
              "images.dlq", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());

      // When
      for (int i = 0; i < RECORDS; i++) {
        LatentVector template = goodLatents.get(i % goodLatents.size());
        LatentVector good = LatentVector.newBuilder(template).setId("lat-" + i).build();
        byte[] frame = latentSerde.serializer().serialize("images.latent", good);
        byte[] value;
        int dice = random.nextInt(100);
        if (dice < 20) {
          value = frame;
          goodIds.add(good.getId());
        } else if (dice < 25) {
          value = null;
          tombstones++;
        } else if (dice < 45) {
          LatentVector odd = withOddFields(good, mutator, int8Model, codedModel);
          value = latentSerde.serializer().serialize("images.latent", odd);
        } else {
          FrameMutator.Mutation mutation = mutator.mutate(frame);
          value = mutation.bytes();
          // Flipped bits can leave a readable record; every other kind of damage cannot.
          unreadable += mutation.kind() == FrameMutator.Kind.FLIPPED_BITS ? 0 : 1;
        }
        if (value != null) {
          sent.add(ByteBuffer.wrap(value));
        }
        input.pipeInput(key(random, good.getId()), value);
      }
      driver.advanceWallClockTime(Duration.ofMillis(50));
      driver.advanceWallClockTime(Duration.ofMillis(50));

      // Then
      List<TestRecord<String, ReconstructedImage>> decoded = reconstructed.readRecordsToList();
      List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
      assertThat(metrics.inCount()).isEqualTo(RECORDS);
      assertThat((long) decoded.size() + letters.size() + metrics.tombstoneCount())
          .isEqualTo(RECORDS);
      assertThat(metrics.tombstoneCount()).isEqualTo(tombstones);
      assertThat(metrics.deadLetterCount()).isEqualTo(letters.size());
      assertThat(letters.size()).isGreaterThanOrEqualTo(unreadable);
      assertThat(decoded.stream().map(r -> r.value().getId()).toList()).containsAll(goodIds);
      assertThat(decoded)
          .allSatisfy(r -> assertThat(r.value().getPixels().remaining()).isEqualTo(28 * 28));
      assertThat(letters)
          .allSatisfy(
              letter -> {
                Map<String, String> headers = DecoderTopologyTest.dlqHeaders(letter);
                assertThat(headers.get(DeadLetter.STAGE)).isIn("deserialize", "validate", "decode");
                assertThat(headers.get(DeadLetter.ERROR_CLASS)).isNotBlank();
                assertThat(headers.get(DeadLetter.ERROR_MESSAGE)).isNotBlank();
                assertThat(headers.get(DeadLetter.TOPIC)).isEqualTo("images.latent");
                assertThat(sent).contains(ByteBuffer.wrap(letter.value()));
              });
    }
  }

  /**
   * A well-formed record with one field damaged: the model, the encoding, the dims, the size, or
   * the payload (random length, or a good payload cut or with bits flipped).
   */
  private static LatentVector withOddFields(
      LatentVector good, FrameMutator mutator, ModelBundle int8Model, ModelBundle codedModel) {
    Random random = mutator.random();
    LatentVector.Builder odd = LatentVector.newBuilder(good);
    switch (random.nextInt(6)) {
      case 0 ->
          odd.setModelId(
              random.nextBoolean()
                  ? "no-such-model@00000000"
                  : (random.nextBoolean() ? int8Model : codedModel).modelId());
      case 1 ->
          odd.setEncoding(LatentEncoding.values()[random.nextInt(LatentEncoding.values().length)]);
      case 2 -> odd.setDims(mutator.edgeInt(good.getDims()));
      case 3 -> {
        odd.setWidth(mutator.edgeInt(28));
        odd.setHeight(mutator.edgeInt(28));
      }
      case 4 -> {
        byte[] junk = new byte[random.nextInt(200)];
        random.nextBytes(junk);
        odd.setLatent(ByteBuffer.wrap(junk));
      }
      default -> {
        byte[] payload = bytesOf(good.getLatent());
        byte[] damaged =
            random.nextBoolean() && payload.length > 0
                ? Arrays.copyOf(payload, random.nextInt(payload.length))
                : flipOneBit(payload, random);
        odd.setLatent(ByteBuffer.wrap(damaged));
      }
    }
    odd.setCapturedAt(Instant.ofEpochMilli(random.nextBoolean() ? 0L : random.nextLong()));
    return odd.build();
  }

  private static byte[] flipOneBit(byte[] payload, Random random) {
    byte[] copy = payload.clone();
    copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
    return copy;
  }

  /**
   * Latents of the first {@code count} images the encoding carries (coded ones only if shorter).
   */
  private static List<LatentVector> latents(
      ModelBundle model, Encoding encoding, ImageSet images, int count) {
    List<LatentVector> out = new ArrayList<>();
    try (BatchEncoder encoder = new BatchEncoder(model, encoding)) {
      PackedLatent[] messages =
          encoder.encodeMessages(Arrays.asList(images.images()).subList(0, count));
      for (PackedLatent message : messages) {
        out.add(
            LatentVector.newBuilder()
                .setId("template")
                .setSource("fuzz-camera")
                .setCapturedAt(Instant.parse("2026-12-02T12:00:00Z"))
                .setModelId(model.modelId())
                .setWidth(28)
                .setHeight(28)
                .setEncoding(LatentEncoding.valueOf(message.encoding().name()))
                .setDims(model.spec().latentDims())
                .setLatent(ByteBuffer.wrap(message.bytes()))
                .setEncodedAt(Instant.parse("2026-12-02T12:00:01Z"))
                .build());
      }
    }
    return out;
  }

  private static byte[] key(Random random, String id) {
    return random.nextInt(8) == 0 ? null : id.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
