package io.compressnet.monitor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One id's state in the join: a waiting original or reconstruction (with its wire bytes), or a
 * marker remembering how the id ended (paired, expired = counted missing, orphaned) so that a late
 * or repeated partner is recognised as such instead of waiting again. Markers are dropped after one
 * more join window + grace.
 *
 * @param tag the original's source (to attribute a missing image to a model) or the
 *     reconstruction's modelId
 */
record PendingEntry(
    Kind kind, long timestamp, String tag, int partition, long offset, byte[] frame) {

  enum Kind {
    ORIGINAL,
    RECONSTRUCTION,
    PAIRED,
    EXPIRED,
    ORPHANED
  }

  boolean waiting() {
    return kind == Kind.ORIGINAL || kind == Kind.RECONSTRUCTION;
  }

  PendingEntry toMarker(Kind marker, long at) {
    return new PendingEntry(marker, at, tag, partition, offset, new byte[0]);
  }

  static Serde<PendingEntry> serde() {
    Serializer<PendingEntry> ser =
        (topic, e) -> {
          if (e == null) {
            return null;
          }
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + e.frame.length);
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(e.kind.ordinal());
            out.writeLong(e.timestamp);
            out.writeUTF(e.tag == null ? "" : e.tag);
            out.writeInt(e.partition);
            out.writeLong(e.offset);
            out.writeInt(e.frame.length);
            out.write(e.frame);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
          return bytes.toByteArray();
        };
    Deserializer<PendingEntry> de =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            Kind kind = Kind.values()[in.readByte()];
            long ts = in.readLong();
            String tag = in.readUTF();
            int partition = in.readInt();
            long offset = in.readLong();
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            return new PendingEntry(kind, ts, tag, partition, offset, frame);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        };
    return Serdes.serdeFrom(ser, de);
  }
}
