package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.schemas.registry.RegistryAuthException;
import io.compressnet.schemas.registry.RegistryUnavailableException;
import io.compressnet.schemas.registry.SchemaNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private static final byte[] KEY = "img-1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = {1, 2, 3};

  @Test
  void shouldCarryOriginalBytesAndAllDlqHeaders() {
    // Given
    RecordHeaders original = new RecordHeaders();
    original.add("trace", "t1".getBytes(StandardCharsets.UTF_8));
    SourceRecord source = new SourceRecord(KEY, VALUE, 42L, original, "images.raw", 3, 17L);

    // When
    DeadLetter letter =
        DeadLetter.of(source, "validate", new InvalidRecordException("width 27 != 28"));
    Record<byte[], byte[]> record = letter.toRecord();

    // Then
    assertThat(record.key()).isEqualTo(KEY);
    assertThat(record.value()).isEqualTo(VALUE);
    assertThat(record.timestamp()).isEqualTo(42L);
    assertThat(headerMap(record.headers()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "trace",
                "t1",
                DeadLetter.STAGE,
                "validate",
                DeadLetter.ERROR_CLASS,
                InvalidRecordException.class.getName(),
                DeadLetter.ERROR_MESSAGE,
                "width 27 != 28",
                DeadLetter.TOPIC,
                "images.raw",
                DeadLetter.PARTITION,
                "3",
                DeadLetter.OFFSET,
                "17"));
  }

  @Test
  void shouldTreatRegistryOutagesButNotUnknownSchemaIdsAsOutages() {
    assertThat(DeadLetters.isRegistryOutage(new RegistryUnavailableException("down", null)))
        .isTrue();
    assertThat(DeadLetters.isRegistryOutage(new RegistryAuthException("401", 401, -1))).isTrue();
    assertThat(
            DeadLetters.isRegistryOutage(
                new SerializationException(
                    "Unknown schema id 9", new SchemaNotFoundException("no id 9"))))
        .isFalse();
    assertThat(DeadLetters.isRegistryOutage(new SerializationException("bad magic"))).isFalse();
  }

  static Map<String, String> headerMap(Headers headers) {
    Map<String, String> out = new java.util.TreeMap<>();
    headers.forEach(h -> out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
    return out;
  }
}
