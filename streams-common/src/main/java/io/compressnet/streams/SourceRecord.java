package io.compressnet.streams;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A record as it was read: raw bytes and where it came from. Kept so that a record that fails
 * later, even in a batch flushed by a punctuator (when Kafka Streams no longer knows the record's
 * origin), reaches the DLQ with its original bytes, topic, partition and offset.
 */
public record SourceRecord(
    byte[] key,
    byte[] value,
    long timestamp,
    Headers headers,
    String topic,
    int partition,
    long offset) {

  public SourceRecord {
    headers = headers == null ? new RecordHeaders() : headers;
  }

  /**
   * The record a processor is handed, with its origin from {@code context}'s record metadata (topic
   * null, partition and offset -1 when there is none, as in a punctuator).
   */
  public static SourceRecord of(Record<byte[], byte[]> record, ProcessorContext<?, ?> context) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    return new SourceRecord(
        record.key(),
        record.value(),
        record.timestamp(),
        record.headers(),
        meta == null ? null : meta.topic(),
        meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset());
  }
}
