package io.compressnet.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format: one magic byte {@code 0}, the writer schema's global id as a 4-byte
 * big-endian int, then the Avro binary encoding of the record.
 */
public final class WireFormat {
  /** The only magic byte defined by the format. */
  public static final byte MAGIC_BYTE = 0;

  /** Magic byte plus schema id. */
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /**
   * The schema id of a frame.
   *
   * @throws SerializationException if the frame is shorter than the header or does not start with
   *     the magic byte
   */
  public static int schemaId(byte[] frame) {
    return schemaId(frame, null);
  }

  /** Whether {@code bytes} is at least a header with the magic byte (the payload is unchecked). */
  public static boolean looksLikeFrame(byte[] bytes) {
    return bytes != null && bytes.length >= HEADER_SIZE && bytes[0] == MAGIC_BYTE;
  }

  /** A frame made of the header for {@code schemaId} followed by {@code avroPayload}. */
  public static byte[] frame(int schemaId, byte[] avroPayload) {
    return ByteBuffer.allocate(HEADER_SIZE + avroPayload.length)
        .put(MAGIC_BYTE)
        .putInt(schemaId)
        .put(avroPayload)
        .array();
  }

  /** A copy of the Avro payload of a frame, after the header. */
  public static byte[] payload(byte[] frame) {
    schemaId(frame);
    byte[] payload = new byte[frame.length - HEADER_SIZE];
    System.arraycopy(frame, HEADER_SIZE, payload, 0, payload.length);
    return payload;
  }

  static int schemaId(byte[] frame, String topic) {
    if (frame == null) {
      throw new SerializationException("No Confluent frame: null bytes" + on(topic));
    }
    if (frame.length < HEADER_SIZE) {
      throw new SerializationException(
          "Truncated Confluent frame: "
              + frame.length
              + " bytes, need at least "
              + HEADER_SIZE
              + " (magic byte + 4-byte schema id)"
              + on(topic));
    }
    if (frame[0] != MAGIC_BYTE) {
      throw new SerializationException(
          String.format(
              "Unknown magic byte 0x%02X%s: not Confluent wire format (expected 0x00)",
              frame[0] & 0xFF, on(topic)));
    }
    return ByteBuffer.wrap(frame, 1, 4).getInt();
  }

  static String on(String topic) {
    return topic == null ? "" : " on topic " + topic;
  }
}
