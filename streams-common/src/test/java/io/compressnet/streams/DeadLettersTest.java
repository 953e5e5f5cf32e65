package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.schemas.registry.RegistryAuthException;
import io.compressnet.schemas.registry.RegistryUnavailableException;
import io.compressnet.schemas.registry.SchemaNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
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
    ProducerRecord<byte[], byte[]> record = letter.toProducerRecord("images.dlq");

    // Then
    assertThat(record.topic()).isEqualTo("images.dlq");
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

  @Test
  void shouldDeadLetterUndecodableRecordsAndContinue() {
    // Given
    DlqDeserializationExceptionHandler handler = new DlqDeserializationExceptionHandler();
    ServiceMetrics metrics = ServiceMetrics.inMemory("test");
    handler.configure(
        Map.of("compressnet.topic.dlq", "my.dlq", ServiceMetrics.CONFIG_INSTANCE, metrics));
    ConsumerRecord<byte[], byte[]> record = consumerRecord();

    // When
    Response response =
        handler.handleError(
            context(record), record, new SerializationException("Unknown magic byte 0x07"));

    // Then
    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
    assertThat(letter.topic()).isEqualTo("my.dlq");
    assertThat(letter.value()).isEqualTo(VALUE);
    assertThat(headerMap(letter.headers()))
        .containsEntry(DeadLetter.STAGE, "deserialize")
        .containsEntry(DeadLetter.ERROR_CLASS, SerializationException.class.getName())
        .containsEntry(DeadLetter.ERROR_MESSAGE, "Unknown magic byte 0x07")
        .containsEntry(DeadLetter.TOPIC, "images.raw")
        .containsEntry(DeadLetter.PARTITION, "2")
        .containsEntry(DeadLetter.OFFSET, "99");
    assertThat(metrics.deadLetterCount("deserialize")).isEqualTo(1);
  }

  @Test
  void shouldFailInsteadOfDeadLetteringWhenTheRegistryIsDown() {
    // Given
    DlqDeserializationExceptionHandler handler = new DlqDeserializationExceptionHandler();
    handler.configure(Map.of());
    ConsumerRecord<byte[], byte[]> record = consumerRecord();

    // When
    Response response =
        handler.handleError(
            context(record),
            record,
            new RegistryUnavailableException("http://registry:8081 refused", null));

    // Then
    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }

  static Map<String, String> headerMap(Headers headers) {
    Map<String, String> out = new java.util.TreeMap<>();
    headers.forEach(h -> out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
    return out;
  }

  private static ConsumerRecord<byte[], byte[]> consumerRecord() {
    return new ConsumerRecord<>(
        "images.raw",
        2,
        99L,
        5L,
        TimestampType.CREATE_TIME,
        KEY.length,
        VALUE.length,
        KEY,
        VALUE,
        new RecordHeaders(),
        Optional.empty());
  }

  private static ErrorHandlerContext context(ConsumerRecord<byte[], byte[]> record) {
    return new ErrorHandlerContext() {
      public String topic() {
        return record.topic();
      }

      public int partition() {
        return record.partition();
      }

      public long offset() {
        return record.offset();
      }

      public Headers headers() {
        return record.headers();
      }

      public String processorNodeId() {
        return "source";
      }

      public TaskId taskId() {
        return new TaskId(0, record.partition());
      }

      public long timestamp() {
        return record.timestamp();
      }

      public byte[] sourceRawKey() {
        return record.key();
      }

      public byte[] sourceRawValue() {
        return record.value();
      }
    };
  }
}
