package io.compressnet.monitor;

import static io.compressnet.monitor.MonitorFixture.image;
import static io.compressnet.monitor.MonitorFixture.key;
import static io.compressnet.monitor.MonitorFixture.pattern;
import static io.compressnet.monitor.MonitorFixture.recon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.registry.RegistryAuthException;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.streams.DeadLetter;
import io.compressnet.streams.SourceRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The monitor follows the rules every CompressNet service shares through streams-common: its dead
 * letters are streams-common's (same headers, same message limit), a registry outage or refusal
 * fails the task instead of dead-lettering, and a tombstone is counted and skipped.
 */
class MonitorDeadLetterTest {

  private final MonitorConfig defaults = MonitorConfig.defaultConfig();

  @Test
  void shouldCountAndSkipTombstonesInsteadOfDeadLettering() {
    try (MonitorFixture f = new MonitorFixture(defaults)) {
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      f.stats.forwardTo(new MonitorMetrics(meters));
      byte[] p = pattern();
      // Given an original waiting for its reconstruction
      f.sendOriginal(image("img-1", 100_000, p), 100_000);

      // When a tombstone for that id arrives on each input, then the reconstruction
      f.raw.pipeInput(new TestRecord<>(key("img-1"), null, Instant.ofEpochMilli(100_001)));
      f.reconstructed.pipeInput(
          new TestRecord<>(key("img-1"), null, Instant.ofEpochMilli(100_002)));
      f.sendReconstruction(recon("img-1", 100_000, p.clone(), 100_010), 100_000);

      // Then nothing at all reaches the DLQ, both tombstones are counted (listener, summary,
      // Prometheus), and the pair is scored as if they had not been there
      assertThat(f.dlq.readRecordsToList()).isEmpty();
      assertThat(f.stats.deadLetters()).isZero();
      assertThat(f.stats.tombstones()).isEqualTo(2);
      assertThat(f.stats.summary().tombstones()).isEqualTo(2);
      assertThat(meters.get("compressnet.monitor.tombstones").counter().count()).isEqualTo(2.0);
      assertThat(f.stats.duplicates()).isZero();
      assertThat(f.qualityIds()).containsExactly("img-1");
    }
  }

  @Test
  void shouldWriteDeadLettersWithTheSameHeadersAsStreamsCommon() {
    try (MonitorFixture f = new MonitorFixture(defaults)) {
      // Given an original that is not Avro, with a header of its own and a stale DLQ header (as a
      // record replayed from the DLQ has)
      byte[] junk = "not avro at all".getBytes(StandardCharsets.UTF_8);
      f.raw.pipeInput(
          new TestRecord<>(key("junk"), junk, replayedHeaders(), Instant.ofEpochMilli(1_000)));
      // and a pair the join cannot compare (the reconstruction is 14x14)
      f.sendOriginal(image("mismatch", 3_000, pattern()), 3_000);
      ReconstructedImage small = recon("mismatch", 3_000, new byte[14 * 14], 3_005);
      small.setWidth(14);
      small.setHeight(14);
      f.sendReconstruction(small, 3_000);

      // When the DLQ is read
      List<TestRecord<byte[], byte[]>> dead = f.dlq.readRecordsToList();

      // Then each letter is exactly what streams-common's DeadLetter makes of that record: its
      // bytes and timestamp, its own headers, then the six compressnet.dlq.* headers
      assertThat(dead).hasSize(2);
      assertThat(dead.get(0).headers())
          .extracting(Header::key)
          .containsExactly(
              "trace",
              DeadLetter.STAGE,
              DeadLetter.ERROR_CLASS,
              DeadLetter.ERROR_MESSAGE,
              DeadLetter.TOPIC,
              DeadLetter.PARTITION,
              DeadLetter.OFFSET);
      assertSameAs(
          dead.get(0),
          DeadLetter.of(
              new SourceRecord(
                  key("junk"), junk, 1_000, replayedHeaders(), Topics.IMAGES_RAW, 0, 0),
              "quality-monitor.decode-raw",
              new SerializationException(
                  "Unknown magic byte 0x6E on topic images.raw: not Confluent wire format"
                      + " (expected 0x00)")));
      assertSameAs(
          dead.get(1),
          DeadLetter.of(
              new SourceRecord(
                  key("mismatch"),
                  f.reconstructionFrame(small),
                  3_000,
                  null,
                  Topics.IMAGES_RECONSTRUCTED,
                  0,
                  0),
              "quality-monitor.score",
              new IllegalArgumentException(
                  "reconstruction mismatch is 14x14 but its original is 28x28")));
    }
  }

  @Test
  void shouldCutALongReasonToTwoThousandCharactersIncludingTheEllipsis() {
    try (MonitorFixture f = new MonitorFixture(defaults)) {
      // Given an original too small to score whose 3,000-character id is part of the reason
      String id = "x".repeat(3_000);
      f.sendOriginal(
          ImageEvent.newBuilder(image(id, 1_000, new byte[100])).setWidth(10).setHeight(10).build(),
          1_000);

      // When its dead letter is read
      String message = DeadLetter.header(f.dlq.readRecord().headers(), DeadLetter.ERROR_MESSAGE);

      // Then the reason is cut to the shared limit, the "..." within it
      assertThat(message).hasSize(2_000).startsWith("image xxx").endsWith("x...");
    }
  }

  @Test
  void shouldDeadLetterARecordWithAnUnknownSchemaIdRatherThanFail() {
    try (MonitorFixture f = new MonitorFixture(defaults)) {
      // Given a well-framed original whose schema id the registry does not know
      byte[] unknownId = {0, 0, 0, 0x7F, 0x7F, 2, 4};
      f.raw.pipeInput(new TestRecord<>(key("stray"), unknownId, Instant.ofEpochMilli(1_000)));

      // Then it is the record's fault: dead-lettered, the registry's answer in the reason
      TestRecord<byte[], byte[]> letter = f.dlq.readRecord();
      assertThat(letter.value()).isEqualTo(unknownId);
      assertThat(DeadLetter.header(letter.headers(), DeadLetter.ERROR_CLASS))
          .isEqualTo(SerializationException.class.getName());
      assertThat(DeadLetter.header(letter.headers(), DeadLetter.ERROR_MESSAGE))
          .contains("Unknown schema id " + 0x7F7F);
      assertThat(f.dlq.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldFailInsteadOfDeadLetteringWhenTheRegistryRefusesTheMonitor() {
    // Given a registry that answers every schema lookup with 401
    InMemorySchemaRegistryClient real = new InMemorySchemaRegistryClient();
    SchemaRegistryClient refusing =
        MonitorFixture.failingLookups(
            real, new RegistryAuthException("401 Unauthorized", 401, 40101));
    try (MonitorFixture f = new MonitorFixture(defaults, refusing, real)) {
      // When a good reconstruction arrives, then the task fails (the record is retried later)
      assertThatThrownBy(() -> f.sendReconstruction(recon("a", 1_000, pattern(), 1_010), 1_000))
          .hasRootCauseInstanceOf(RegistryAuthException.class);

      // and the record is not lost to the DLQ
      assertThat(f.dlq.isEmpty()).isTrue();
      assertThat(f.stats.deadLetters()).isZero();
    }
  }

  /** A header of the record's own and a stale DLQ header, which a dead letter must not repeat. */
  private static Headers replayedHeaders() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
    headers.add(DeadLetter.STAGE, "an-earlier-stage".getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  private static void assertSameAs(TestRecord<byte[], byte[]> actual, DeadLetter expected) {
    Record<byte[], byte[]> record = expected.toRecord();
    assertThat(actual.key()).isEqualTo(record.key());
    assertThat(actual.value()).isEqualTo(record.value());
    assertThat(actual.timestamp()).isEqualTo(record.timestamp());
    assertThat(texts(actual.headers())).containsExactlyElementsOf(texts(record.headers()));
  }

  private static List<String> texts(Headers headers) {
    List<String> out = new ArrayList<>();
    for (Header h : headers) {
      out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
    }
    return out;
  }
}
