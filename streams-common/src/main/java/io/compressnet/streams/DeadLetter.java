package io.compressnet.streams;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record on its way to {@code images.dlq}: the original key and value bytes, unchanged, with the
 * original headers plus the {@code compressnet.dlq.*} headers saying where it came from and why it
 * failed.
 *
 * @param key original key bytes (may be null)
 * @param value original value bytes (may be null)
 * @param timestamp original record timestamp
 * @param originalHeaders original headers (copied; may be null)
 * @param stage the processing step that rejected it, e.g. {@code deserialize}, {@code validate},
 *     {@code encode}
 * @param errorClass class name of the error
 * @param errorMessage human-readable reason
 * @param topic original topic
 * @param partition original partition
 * @param offset original offset
 */
public record DeadLetter(
    byte[] key,
    byte[] value,
    long timestamp,
    Headers originalHeaders,
    String stage,
    String errorClass,
    String errorMessage,
    String topic,
    int partition,
    long offset) {

  public static final String HEADER_PREFIX = "compressnet.dlq.";
  public static final String STAGE = HEADER_PREFIX + "stage";
  public static final String ERROR_CLASS = HEADER_PREFIX + "error.class";
  public static final String ERROR_MESSAGE = HEADER_PREFIX + "error.message";
  public static final String TOPIC = HEADER_PREFIX + "topic";
  public static final String PARTITION = HEADER_PREFIX + "partition";
  public static final String OFFSET = HEADER_PREFIX + "offset";

  /** Messages are cut to this many characters so one bad record cannot bloat the DLQ. */
  public static final int MAX_MESSAGE_LENGTH = 2000;

  public DeadLetter {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(errorClass, "errorClass");
    errorMessage = errorMessage == null ? "" : truncate(errorMessage);
  }

  /** A dead letter for a record that failed with {@code error}. */
  public static DeadLetter of(SourceRecord source, String stage, Throwable error) {
    return new DeadLetter(
        source.key(),
        source.value(),
        source.timestamp(),
        source.headers(),
        stage,
        error.getClass().getName(),
        describe(error),
        source.topic(),
        source.partition(),
        source.offset());
  }

  /** The headers to write: the original ones, then the {@code compressnet.dlq.*} ones. */
  public Headers headers() {
    RecordHeaders headers = new RecordHeaders();
    if (originalHeaders != null) {
      for (Header h : originalHeaders) {
        if (!h.key().startsWith(HEADER_PREFIX)) {
          headers.add(h.key(), h.value());
        }
      }
    }
    headers.add(STAGE, utf8(stage));
    headers.add(ERROR_CLASS, utf8(errorClass));
    headers.add(ERROR_MESSAGE, utf8(errorMessage));
    headers.add(TOPIC, utf8(topic == null ? "" : topic));
    headers.add(PARTITION, utf8(Integer.toString(partition)));
    headers.add(OFFSET, utf8(Long.toString(offset)));
    return headers;
  }

  /** For a processor to forward to the DLQ sink ({@link DeadLetters#SINK_NAME}). */
  public Record<byte[], byte[]> toRecord() {
    return new Record<>(key, value, timestamp, headers());
  }

  /** The error's message, with its causes' messages when they add something. */
  static String describe(Throwable error) {
    StringBuilder out = new StringBuilder(String.valueOf(error.getMessage()));
    Throwable cause = error.getCause();
    int depth = 0;
    while (cause != null && cause != error && depth++ < 3) {
      String message = cause.getMessage();
      if (message != null && !out.toString().contains(message)) {
        out.append(" (caused by ").append(cause.getClass().getSimpleName()).append(": ");
        out.append(message).append(')');
      }
      cause = cause.getCause();
    }
    return out.toString();
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE_LENGTH
        ? message
        : message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A header's value as text, or {@code null} when absent. */
  public static String header(Headers headers, String key) {
    Header h = headers.lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
