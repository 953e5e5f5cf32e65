package io.compressnet.streams;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

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
}
