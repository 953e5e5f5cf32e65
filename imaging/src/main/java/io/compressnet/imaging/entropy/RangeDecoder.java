package io.compressnet.imaging.entropy;

/**
 * Decodes what {@link RangeEncoder} wrote, with the same tables in the same order. Reads zero bytes
 * past the end of the input, which is how the encoder's trimmed tail is restored.
 *
 * <p>Not thread-safe; one instance decodes one message.
 */
public final class RangeDecoder {

  private static final long TOP = 1L << 24;
  private static final long MASK32 = 0xFFFF_FFFFL;

  private final byte[] in;
  private int pos;
  private long range = MASK32;
  private long code;

  public RangeDecoder(byte[] in) {
    this.in = in;
    for (int i = 0; i < 4; i++) {
      code = (code << 8) | nextByte();
    }
  }

  /** Decodes one symbol coded with {@code table}. */
  public int decode(FrequencyTable table) {
    long r = range >>> table.totalBits();
    long target = code / r;
    long maxTarget = (1L << table.totalBits()) - 1;
    if (target > maxTarget) {
      // Only a corrupt message lands in the unused top sliver of the range.
      throw new IllegalArgumentException("corrupt range-coded message");
    }
    int symbol = table.symbolFor((int) target);
    code -= r * table.cumFreq(symbol);
    range = r * table.freq(symbol);
    while (range < TOP) {
      code = ((code << 8) | nextByte()) & MASK32;
      range <<= 8;
    }
    return symbol;
  }

  private int nextByte() {
    return pos < in.length ? in[pos++] & 0xFF : 0;
  }
}
