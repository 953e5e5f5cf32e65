package io.compressnet.imaging.entropy;

import java.io.ByteArrayOutputStream;

/**
 * A byte-oriented range encoder (32-bit range, 33-bit low with carry propagation through a cached
 * byte and a count of pending 0xFF bytes), written for short messages: {@link #finish()} emits only
 * as many bytes as the decoder needs, because {@link RangeDecoder} reads zeros past the end of its
 * input. A message therefore carries no length or terminator of its own; the container (a Kafka
 * record) already knows its length.
 *
 * <p>Not thread-safe; one instance encodes one message.
 */
public final class RangeEncoder {

  private static final long TOP = 1L << 24;
  private static final long MASK32 = 0xFFFF_FFFFL;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private long low;
  private long range = MASK32;
  private int cache;
  private long pending = 1; // the cached byte plus pending 0xFF bytes
  private boolean leadingByte = true;
  private boolean finished;

  /** Encodes {@code symbol} with the probabilities of {@code table}. */
  public void encode(FrequencyTable table, int symbol) {
    if (symbol < 0 || symbol >= table.symbols()) {
      throw new IllegalArgumentException(
          "symbol " + symbol + " outside [0, " + table.symbols() + ")");
    }
    encode(table.cumFreq(symbol), table.freq(symbol), table.totalBits());
  }

  /** Narrows the interval to {@code [cumFreq, cumFreq + freq)} out of {@code 2^totalBits}. */
  public void encode(int cumFreq, int freq, int totalBits) {
    if (finished) {
      throw new IllegalStateException("message already finished");
    }
    long r = range >>> totalBits;
    low += r * cumFreq;
    range = r * freq;
    while (range < TOP) {
      range <<= 8;
      shiftLow();
    }
  }

  /**
   * Ends the message: picks the number in the final interval with the most trailing zero bits,
   * writes it, and drops trailing zero bytes (the decoder supplies them).
   */
  public byte[] finish() {
    if (finished) {
      throw new IllegalStateException("message already finished");
    }
    finished = true;
    long highest = low + range - 1;
    for (int zeroBits = 32; zeroBits >= 0; zeroBits -= 8) {
      long unit = 1L << zeroBits;
      long candidate = (low + unit - 1) & -unit;
      if (candidate <= highest) {
        low = candidate;
        break;
      }
    }
    for (int i = 0; i < 5; i++) {
      shiftLow();
    }
    byte[] bytes = out.toByteArray();
    int length = bytes.length;
    while (length > 0 && bytes[length - 1] == 0) {
      length--;
    }
    return length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
  }

  private void shiftLow() {
    // The top byte is final unless it is 0xFF and a later carry could still bump it.
    if (low < 0xFF00_0000L || low > MASK32) {
      int carry = (int) (low >>> 32);
      int next = cache;
      do {
        emit((next + carry) & 0xFF);
        next = 0xFF;
      } while (--pending != 0);
      cache = (int) ((low >>> 24) & 0xFF);
    }
    pending++;
    low = (low & 0x00FF_FFFFL) << 8;
  }

  private void emit(int b) {
    if (leadingByte) {
      // The first byte is always 0: the code value stays below 1.0 in the initial 32-bit window,
      // so no carry ever reaches it. Not sending it saves a byte per message.
      leadingByte = false;
      if (b != 0) {
        throw new IllegalStateException("range coder invariant broken: leading byte " + b);
      }
      return;
    }
    out.write(b);
  }
}
