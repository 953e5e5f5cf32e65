package io.compressnet.bench.pipeline;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What a topic costs the broker: the summed size of its partitions' log segments (record batches
 * with their headers, compression, transaction markers) against the logical payload of its records
 * (key + value + header keys and values), both per record.
 *
 * @param topic the topic
 * @param records records counted in the topic (data records, not control markers)
 * @param logBytes bytes of the topic's log segments on the broker, all partitions
 * @param payloadBytes sum of key, value and header bytes of the records
 */
public record LogBytes(String topic, long records, long logBytes, long payloadBytes) {

  /**
   * Sums the log sizes of {@code topic}'s partitions out of a broker's replica sizes (as {@code
   * Admin.describeLogDirs} reports them, for every topic).
   */
  public static long topicLogBytes(Map<TopicPartition, Long> replicaSizes, String topic) {
    return replicaSizes.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(topic))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Payload bytes of one record: key, value and every header's key (UTF-8) and value. */
  public static long payloadBytes(byte[] key, byte[] value, Map<String, byte[]> headers) {
    long total = length(key) + length(value);
    for (Map.Entry<String, byte[]> h : headers.entrySet()) {
      total += h.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      total += length(h.getValue());
    }
    return total;
  }

  /** Log bytes per record, or NaN without records. */
  public double logBytesPerRecord() {
    return records == 0 ? Double.NaN : (double) logBytes / records;
  }

  /** Payload bytes per record, or NaN without records. */
  public double payloadBytesPerRecord() {
    return records == 0 ? Double.NaN : (double) payloadBytes / records;
  }

  /** What the broker's log adds on top of the payload, per record (batch headers, markers). */
  public double overheadPerRecord() {
    return logBytesPerRecord() - payloadBytesPerRecord();
  }

  private static long length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }
}
