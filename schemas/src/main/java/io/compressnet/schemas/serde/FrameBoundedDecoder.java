package io.compressnet.schemas.serde;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary decoder over one frame's payload that refuses any length prefix longer than the bytes
 * left in the frame, before anything is allocated.
 *
 * <p>Why: Avro's {@link BinaryDecoder} allocates a {@code bytes} or {@code string} field at the
 * length the record declares, up to about 2 GiB, and only then finds the payload too short. A
 * corrupt 16-byte record can thus throw {@link OutOfMemoryError} in a stream thread (measured with
 * Avro 1.12.1 and a 256 MiB heap), which no dead-letter path catches. The payload is a byte array
 * of known length, so a length past its end is corruption and is reported as a truncated frame.
 * Collections are bounded the same way: our schemas have no array or map of zero-byte items, so a
 * block count larger than the bytes left cannot be a real record.
 */
final class FrameBoundedDecoder extends Decoder {
  private final BinaryDecoder in;
  private final InputStream remaining;

  FrameBoundedDecoder(BinaryDecoder in) {
    this.in = in;
    this.remaining = in.inputStream();
  }

  /** Whether every byte of the payload was read. */
  boolean isEnd() throws IOException {
    return in.isEnd();
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    byte[] bytes = readLengthPrefixed("string");
    Utf8 result = old != null ? old : new Utf8();
    result.set(new Utf8(bytes));
    return result;
  }

  @Override
  public String readString() throws IOException {
    return new Utf8(readLengthPrefixed("string")).toString();
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed(checkedLength("string"));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    byte[] bytes = readLengthPrefixed("bytes");
    if (old != null && old.capacity() >= bytes.length) {
      old.clear();
      old.put(bytes).flip();
      return old;
    }
    return ByteBuffer.wrap(bytes);
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed(checkedLength("bytes"));
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public long readArrayStart() throws IOException {
    return checkedCount(in.readArrayStart());
  }

  @Override
  public long arrayNext() throws IOException {
    return checkedCount(in.arrayNext());
  }

  @Override
  public long skipArray() throws IOException {
    return in.skipArray();
  }

  @Override
  public long readMapStart() throws IOException {
    return checkedCount(in.readMapStart());
  }

  @Override
  public long mapNext() throws IOException {
    return checkedCount(in.mapNext());
  }

  @Override
  public long skipMap() throws IOException {
    return in.skipMap();
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }

  private byte[] readLengthPrefixed(String kind) throws IOException {
    byte[] bytes = new byte[checkedLength(kind)];
    in.readFixed(bytes, 0, bytes.length);
    return bytes;
  }

  private int checkedLength(String kind) throws IOException {
    long length = in.readLong();
    int left = remaining.available();
    if (length < 0) {
      throw new IOException("negative " + kind + " length " + length);
    }
    if (length > left) {
      throw new EOFException(
          kind + " field declares " + length + " bytes but only " + left + " are left");
    }
    return (int) length;
  }

  private long checkedCount(long count) throws IOException {
    int left = remaining.available();
    if (count > left) {
      throw new EOFException(
          "collection block declares " + count + " items but only " + left + " bytes are left");
    }
    return count;
  }
}
