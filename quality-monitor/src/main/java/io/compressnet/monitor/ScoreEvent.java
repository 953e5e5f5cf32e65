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
 * What the window aggregations see of one image: its scores, or the fact that it went missing. Sent
 * through the by-model repartition topic in a small fixed binary layout (no registry needed for an
 * internal topic, 45 bytes instead of the image).
 */
record ScoreEvent(
    boolean missing, double mse, double ssim, int rawBytes, int latentBytes, long latencyMs) {

  static ScoreEvent scored(double mse, double ssim, int rawBytes, int latentBytes, long latency) {
    return new ScoreEvent(false, mse, ssim, rawBytes, latentBytes, latency);
  }

  static ScoreEvent missingImage() {
    return new ScoreEvent(true, 0, 0, 0, 0, 0);
  }

  static Serde<ScoreEvent> serde() {
    Serializer<ScoreEvent> ser =
        (topic, e) -> {
          if (e == null) {
            return null;
          }
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(48);
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1); // layout version
            out.writeBoolean(e.missing);
            out.writeDouble(e.mse);
            out.writeDouble(e.ssim);
            out.writeInt(e.rawBytes);
            out.writeInt(e.latentBytes);
            out.writeLong(e.latencyMs);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
          return bytes.toByteArray();
        };
    Deserializer<ScoreEvent> de =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readByte();
            if (version != 1) {
              throw new IllegalStateException("unknown ScoreEvent layout " + version);
            }
            return new ScoreEvent(
                in.readBoolean(),
                in.readDouble(),
                in.readDouble(),
                in.readInt(),
                in.readInt(),
                in.readLong());
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        };
    return Serdes.serdeFrom(ser, de);
  }
}
