package io.compressnet.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A growable, unsynchronized byte buffer with a reusable Avro encoder on top, kept per thread by
 * {@link SpecificAvroSerializer}. A fresh {@code ByteArrayOutputStream} per record grew twice for
 * an 880-byte image message (256 → 512 → 1024, copying each time) and took a lock on every byte
 * Avro's direct encoder wrote; the serializer runs once per output record of every service.
 */
final class WriteBuffer extends OutputStream {
  private static final int INITIAL = 1024;

  /** Larger buffers are dropped at the next reset, so one huge record does not stay resident. */
  private static final int KEEP_AT_MOST = 1 << 20;

  private byte[] bytes = new byte[INITIAL];
  private int size;
  private BinaryEncoder encoder;

  /** Empties the buffer and returns the encoder that writes into it. */
  BinaryEncoder reset() {
    size = 0;
    if (bytes.length > KEEP_AT_MOST) {
      bytes = new byte[INITIAL];
    }
    encoder = EncoderFactory.get().directBinaryEncoder(this, encoder);
    return encoder;
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  /** A copy of what was written since {@link #reset}. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
