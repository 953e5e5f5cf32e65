package io.compressnet.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.UntrainedBundles;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.LatentVector;
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
 * Thousands of damaged records (flipped bits, truncations, unknown schema ids, trailing bytes, ~2
 * GB length prefixes, random bytes, edge-case dimensions, oversized images, odd keys) mixed with
 * good ones, through the encoder's whole topology: nothing stops it, every record is accounted for
 * as a latent, a dead letter with its reason and original bytes, or a counted tombstone, and every
 * good image is encoded.
 */
class EncoderBadInputTest {

  private static final Path SAMPLE =
      Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz").toAbsolutePath();
  private static final int RECORDS = 3_000;
  private static final long SEED = 20261202L;

  @TempDir static Path dir;

  @Test
  void shouldDeadLetterEveryDamagedRecordWithItsReasonAndEncodeEveryGoodOne() throws Exception {
    // Given
    ModelBundle bundle = UntrainedBundles.create(dir.resolve("model"), "fuzz-ps8-int8", 8, "INT8");
    ImageSet images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 50);
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    SpecificAvroSerde<ImageEvent> imageSerde =
        new SpecificAvroSerde<>(registry, ImageEvent.class, true);
    SpecificAvroSerde<LatentVector> latentSerde =
        new SpecificAvroSerde<>(registry, LatentVector.class, true);
    ServiceMetrics metrics = ServiceMetrics.inMemory("encoder");
    EncoderConfig config =
        EncoderConfig.from(
            EncoderConfig.SPEC
                .loader()
                .override("compressnet.batch.size", "16")
                .override("compressnet.batch.max.wait.ms", "20")
                .load());
    FrameMutator mutator = new FrameMutator(SEED);
    Random random = mutator.random();
    Set<String> goodIds = new HashSet<>();
    Set<ByteBuffer> sent = new HashSet<>();
    int tombstones = 0;
    int alwaysBad = 0;

    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            EncoderService.buildTopology(
                config, bundle, imageSerde, latentSerde, metrics, Clock.systemUTC()),
            config.service().streamsProperties())) {
      TestInputTopic<byte[], byte[]> raw =
          driver.createInputTopic(
              "images.raw", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
      TestOutputTopic<String, LatentVector> latent =
          driver.createOutputTopic(
              "images.latent", Serdes.String().deserializer(), latentSerde.deserializer());
      TestOutputTopic<byte[], byte[]> dlq =
          driver.createOutputTopic(
              "images.dlq", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());

      // When
      for (int i = 0; i < RECORDS; i++) {
        ImageEvent good = image("img-" + i, images.images()[i % images.size()]);
        byte[] frame = imageSerde.serializer().serialize("images.raw", good);
        byte[] value;
        int dice = random.nextInt(100);
        if (dice < 20) {
          value = frame;
          goodIds.add(good.getId());
        } else if (dice < 25) {
          value = null;
          tombstones++;
        } else if (dice < 35) {
          value = imageSerde.serializer().serialize("images.raw", withOddFields(good, mutator));
        } else {
          FrameMutator.Mutation mutation = mutator.mutate(frame);
          value = mutation.bytes();
          // Flipped bits can leave a readable record; every other kind of damage cannot.
          alwaysBad += mutation.kind() == FrameMutator.Kind.FLIPPED_BITS ? 0 : 1;
        }
        if (value != null) {
          sent.add(ByteBuffer.wrap(value));
        }
        raw.pipeInput(oddKey(random, good.getId()), value);
      }
      driver.advanceWallClockTime(Duration.ofMillis(50));
      driver.advanceWallClockTime(Duration.ofMillis(50));

      // Then
      List<TestRecord<String, LatentVector>> encoded = latent.readRecordsToList();
      List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
      assertThat(metrics.inCount()).isEqualTo(RECORDS);
      assertThat((long) encoded.size() + letters.size() + metrics.tombstoneCount())
          .isEqualTo(RECORDS);
      assertThat(metrics.tombstoneCount()).isEqualTo(tombstones);
      assertThat(metrics.deadLetterCount()).isEqualTo(letters.size());
      assertThat(letters.size()).isGreaterThanOrEqualTo(alwaysBad);
      assertThat(encoded.stream().map(r -> r.value().getId()).toList()).containsAll(goodIds);
      assertThat(letters)
          .allSatisfy(
              letter -> {
                Map<String, String> headers = EncoderTopologyTest.dlqHeaders(letter);
                assertThat(headers.get(DeadLetter.STAGE)).isIn("deserialize", "validate", "encode");
                assertThat(headers.get(DeadLetter.ERROR_CLASS)).isNotBlank();
                assertThat(headers.get(DeadLetter.ERROR_MESSAGE)).isNotBlank();
                assertThat(headers.get(DeadLetter.TOPIC)).isEqualTo("images.raw");
                assertThat(sent).contains(ByteBuffer.wrap(letter.value()));
              });
    }
  }

  /** A well-formed record whose dimensions and pixels are edge cases, sometimes huge. */
  private static ImageEvent withOddFields(ImageEvent good, FrameMutator mutator) {
    Random random = mutator.random();
    int pixels =
        switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> 28 * 28;
          case 2 -> random.nextInt(4 * 28 * 28);
          default -> 2_000_000; // an oversized image, far above what the model takes
        };
    byte[] bytes = new byte[pixels];
    random.nextBytes(bytes);
    return ImageEvent.newBuilder(good)
        .setId(random.nextInt(10) == 0 ? "" : good.getId())
        .setWidth(mutator.edgeInt(28))
        .setHeight(mutator.edgeInt(28))
        .setCapturedAt(Instant.ofEpochMilli(random.nextBoolean() ? -1L : random.nextLong()))
        .setPixels(ByteBuffer.wrap(bytes))
        .build();
  }

  /** The image's id as the key, or a null, empty or binary key. */
  private static byte[] oddKey(Random random, String id) {
    return switch (random.nextInt(8)) {
      case 0 -> null;
      case 1 -> new byte[0];
      case 2 -> {
        byte[] junk = new byte[1 + random.nextInt(40)];
        random.nextBytes(junk);
        yield junk;
      }
      default -> id.getBytes(StandardCharsets.UTF_8);
    };
  }

  private static ImageEvent image(String id, byte[] pixels) {
    return ImageEvent.newBuilder()
        .setId(id)
        .setSource("fuzz-camera")
        .setCapturedAt(Instant.parse("2026-12-02T12:00:00Z"))
        .setWidth(28)
        .setHeight(28)
        .setPixels(ByteBuffer.wrap(pixels))
        .setLabel("a")
        .build();
  }
}
