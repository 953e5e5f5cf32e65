package io.compressnet.streams;

import java.nio.ByteBuffer;

/** Avro {@code bytes} fields arrive as {@link ByteBuffer}s; these copy them out safely. */
public final class AvroBytes {
  private AvroBytes() {}

  /** The remaining bytes of {@code buffer} as a new array (the buffer is not moved). */
  public static byte[] toArray(ByteBuffer buffer) {
    if (buffer == null) {
      return new byte[0];
    }
    ByteBuffer view = buffer.duplicate();
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }
}
