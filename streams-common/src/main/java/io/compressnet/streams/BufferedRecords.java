package io.compressnet.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The byte format of a {@link SourceRecord} in a batch buffer store (and its changelog): a version
 * byte, then origin, timestamp, key, value and headers. Private to the buffer, never on a topic.
 */
final class BufferedRecords {

  private static final byte VERSION = 1;

  private BufferedRecords() {}

  static byte[] encode(SourceRecord record) {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(64 + length(record.key()) + length(record.value()));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(record.topic() == null ? "" : record.topic());
      out.writeInt(record.partition());
      out.writeLong(record.offset());
      out.writeLong(record.timestamp());
      writeBytes(out, record.key());
      writeBytes(out, record.value());
      Header[] headers = record.headers().toArray();
      out.writeInt(headers.length);
      for (Header h : headers) {
        out.writeUTF(h.key());
        writeBytes(out, h.value());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen in memory
    }
    return bytes.toByteArray();
  }

  static SourceRecord decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("unknown buffered record version " + version);
      }
      String topic = in.readUTF();
      int partition = in.readInt();
      long offset = in.readLong();
      long timestamp = in.readLong();
      byte[] key = readBytes(in);
      byte[] value = readBytes(in);
      int count = in.readInt();
      RecordHeaders headers = new RecordHeaders();
      for (int i = 0; i < count; i++) {
        headers.add(in.readUTF(), readBytes(in));
      }
      return new SourceRecord(key, value, timestamp, headers, topic, partition, offset);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt buffered record: " + e, e);
    }
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    if (bytes == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }
}
