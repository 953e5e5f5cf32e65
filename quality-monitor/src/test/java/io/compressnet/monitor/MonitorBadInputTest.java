package io.compressnet.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.fuzz.FrameMutator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Thousands of originals and reconstructions, a third of them damaged on either side (damaged
 * frames, edge-case sizes, pixel arrays of the wrong length, oversized images), through the
 * monitor's whole topology: it never stops, every damaged record it cannot read or score is a dead
 * letter with its stage, reason and original bytes, and every good pair is scored.
 */
class MonitorBadInputTest {

  private static final int PAIRS = 2_000;
  private static final long SEED = 20261202L;

  @Test
  void shouldDeadLetterEveryDamagedRecordWithItsReasonAndScoreEveryGoodPair() {
    try (MonitorFixture f = new MonitorFixture(MonitorConfig.defaultConfig())) {
      // Given
      FrameMutator mutator = new FrameMutator(SEED);
      Random random = mutator.random();
      byte[] pixels = MonitorFixture.pattern();
      Set<String> goodPairs = new HashSet<>();
      Set<ByteBuffer> sent = new HashSet<>();
      // Flipped bits can leave a readable record; every other kind of damage cannot.
      int unreadable = 0;

      // When
      for (int i = 0; i < PAIRS; i++) {
        String id = "pair-" + i;
        long ts = 1_000_000L + 10L * i;
        byte[] original = f.originalFrame(MonitorFixture.image(id, ts, pixels));
        byte[] reconstruction =
            f.reconstructionFrame(
                MonitorFixture.recon(id, ts, MonitorFixture.changed(pixels, i % 50, 9), ts + 80));
        int dice = random.nextInt(6);
        if (dice == 0 || dice == 1) {
          FrameMutator.Mutation mutation = mutator.mutate(dice == 0 ? original : reconstruction);
          if (dice == 0) {
            original = mutation.bytes();
          } else {
            reconstruction = mutation.bytes();
          }
          unreadable += mutation.kind() == FrameMutator.Kind.FLIPPED_BITS ? 0 : 1;
        } else if (dice == 2) {
          reconstruction = f.reconstructionFrame(oddReconstruction(id, ts, mutator));
        } else {
          goodPairs.add(id);
        }
        send(f.raw, id, original, ts, sent);
        send(f.reconstructed, id, reconstruction, ts, sent);
      }

      // Then
      List<TestRecord<byte[], byte[]>> letters = f.dlq.readRecordsToList();
      assertThat(f.qualityIds()).containsAll(goodPairs);
      assertThat(f.stats.deadLetters()).isEqualTo(letters.size());
      assertThat(letters.size()).isGreaterThanOrEqualTo(unreadable);
      assertThat(letters)
          .allSatisfy(
              letter -> {
                assertThat(header(letter, "compressnet.dlq.stage")).startsWith("quality-monitor.");
                assertThat(header(letter, "compressnet.dlq.error.class")).isNotBlank();
                assertThat(header(letter, "compressnet.dlq.error.message")).isNotBlank();
                assertThat(header(letter, "compressnet.dlq.topic"))
                    .isIn(Topics.IMAGES_RAW, Topics.IMAGES_RECONSTRUCTED);
                assertThat(sent).contains(ByteBuffer.wrap(letter.value()));
              });
    }
  }

  /** A well-formed reconstruction whose size or pixels are edge cases, sometimes huge. */
  private static ReconstructedImage oddReconstruction(String id, long ts, FrameMutator mutator) {
    Random random = mutator.random();
    int length = random.nextBoolean() ? random.nextInt(3_000) : 1_000_000;
    byte[] pixels = new byte[length];
    random.nextBytes(pixels);
    ReconstructedImage odd = MonitorFixture.recon(id, ts, pixels, ts + 80);
    odd.setWidth(mutator.edgeInt(MonitorFixture.SIDE));
    odd.setHeight(mutator.edgeInt(MonitorFixture.SIDE));
    odd.setDecodedAt(Instant.ofEpochMilli(random.nextLong()));
    return odd;
  }

  private static void send(
      TestInputTopic<byte[], byte[]> topic,
      String id,
      byte[] value,
      long ts,
      Set<ByteBuffer> sent) {
    sent.add(ByteBuffer.wrap(value));
    topic.pipeInput(
        new TestRecord<>(id.getBytes(StandardCharsets.UTF_8), value, Instant.ofEpochMilli(ts)));
  }

  private static String header(TestRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
