package io.compressnet.monitor;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record bound for {@code images.dlq}: its original key and value bytes, and the headers every
 * CompressNet service writes ({@code compressnet.dlq.stage}, {@code .error.class}, {@code
 * .error.message}, {@code .topic}, {@code .partition}, {@code .offset}; UTF-8 text), after the
 * record's own headers.
 */
record DeadLetter(byte[] key, byte[] value, Headers headers) {
  static final String PREFIX = "compressnet.dlq.";
  static final String STAGE = PREFIX + "stage";
  static final String ERROR_CLASS = PREFIX + "error.class";
  static final String ERROR_MESSAGE = PREFIX + "error.message";
  static final String TOPIC = PREFIX + "topic";
  static final String PARTITION = PREFIX + "partition";
  static final String OFFSET = PREFIX + "offset";
  private static final int MAX_MESSAGE = 2000;

  static DeadLetter of(
      byte[] key,
      byte[] value,
      Headers original,
      String stage,
      Throwable error,
      String topic,
      int partition,
      long offset) {
    RecordHeaders headers = new RecordHeaders();
    if (original != null) {
      for (Header h : original) {
        if (!h.key().startsWith(PREFIX)) {
          headers.add(h.key(), h.value());
        }
      }
    }
    headers.add(STAGE, utf8(stage));
    headers.add(ERROR_CLASS, utf8(error.getClass().getName()));
    headers.add(ERROR_MESSAGE, utf8(message(error)));
    headers.add(TOPIC, utf8(topic == null ? "" : topic));
    headers.add(PARTITION, utf8(Integer.toString(partition)));
    headers.add(OFFSET, utf8(Long.toString(offset)));
    return new DeadLetter(key, value, headers);
  }

  String stage() {
    return text(STAGE);
  }

  String errorClass() {
    return text(ERROR_CLASS);
  }

  String errorMessage() {
    return text(ERROR_MESSAGE);
  }

  private String text(String header) {
    Header h = headers.lastHeader(header);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  static String message(Throwable error) {
    String m = String.valueOf(error.getMessage());
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "...";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
