package io.compressnet.imaging.entropy;

import java.util.Arrays;

/**
 * The {@code INT8_RANGE} wire form of an INT8 latent: the per-dimension codes (0..255) range-coded
 * with the bundle's {@link StaticLatentModel}, behind one check byte.
 *
 * <pre>
 *   byte 0      CRC-8 (polynomial 0x07, initial value 0) of n (the number of range-code bytes,
 *               as one byte) followed by the dims INT8 codes
 *   bytes 1..   the range coder's n bytes for the codes, dimension 0 first
 * </pre>
 *
 * <p>The range code alone carries no length: its decoder reads zeros past the end, so a truncated
 * or corrupted payload still decodes to <em>some</em> codes, and a truncated code is often the
 * encoder's exact output for other codes (the encoder ends on the number with the most trailing
 * zeros, and a cut-off code padded with zeros is such a number). {@link #decode} checks, and throws
 * {@link CorruptLatentException} naming the check that failed: the code decodes; the payload is
 * exactly the bytes the encoder writes for the decoded codes; the CRC-8 of the length and the
 * decoded codes matches byte 0. A truncation, extension or corruption that passes all three has to
 * give a well-formed code whose length and codes have the same CRC-8 as the original's: about 1 in
 * 256 of those that pass the second check (the tests measure it).
 *
 * <p>Why one byte and not a length byte as well, which would catch every truncation: on the shipped
 * model the coder saves about one byte per latent (its INT8 codes carry about 7.7 bits per
 * dimension), so a two-byte header would give back nearly all of it.
 *
 * <p>Immutable and thread-safe.
 */
public final class Int8RangeCoder {

  /** Header bytes before the range code. */
  public static final int HEADER_BYTES = 1;

  private final StaticLatentModel model;

  /**
   * @param model per-dimension tables over 256 symbols
   */
  public Int8RangeCoder(StaticLatentModel model) {
    if (model.symbols() != 256) {
      throw new IllegalArgumentException(
          "INT8 codes need tables of 256 symbols, got " + model.symbols());
    }
    this.model = model;
  }

  public StaticLatentModel model() {
    return model;
  }

  public int dims() {
    return model.dims();
  }

  /** The coded form of {@code int8Codes} (one byte per dimension), check byte first. */
  public byte[] encode(byte[] int8Codes) {
    return encodeIfShorter(int8Codes, Integer.MAX_VALUE);
  }

  /**
   * The coded form of {@code int8Codes} if it is shorter than {@code limit} bytes, else {@code
   * null} (the caller then sends the codes as they are).
   */
  public byte[] encodeIfShorter(byte[] int8Codes, int limit) {
    if (int8Codes.length != model.dims()) {
      throw new IllegalArgumentException(
          "expected " + model.dims() + " INT8 codes, got " + int8Codes.length);
    }
    byte[] coded = model.encode(symbols(int8Codes));
    if (HEADER_BYTES + (long) coded.length >= limit) {
      return null;
    }
    byte[] out = new byte[HEADER_BYTES + coded.length];
    out[0] = (byte) check(coded.length, int8Codes);
    System.arraycopy(coded, 0, out, HEADER_BYTES, coded.length);
    return out;
  }

  /**
   * The INT8 codes (one byte per dimension) of a payload {@link #encode} wrote.
   *
   * @throws CorruptLatentException if the payload is empty, does not decode, is not the encoder's
   *     output for what it decodes to, or fails the check byte
   */
  public byte[] decode(byte[] payload) {
    if (payload == null || payload.length < HEADER_BYTES) {
      throw new CorruptLatentException("coded latent is empty (it needs at least its check byte)");
    }
    byte[] coded = Arrays.copyOfRange(payload, HEADER_BYTES, payload.length);
    int[] symbols;
    try {
      symbols = model.decode(coded);
    } catch (IllegalArgumentException e) {
      throw new CorruptLatentException(
          "coded latent of " + payload.length + " bytes does not decode: " + e.getMessage(), e);
    }
    if (!Arrays.equals(model.encode(symbols), coded)) {
      throw new CorruptLatentException(
          "coded latent of "
              + payload.length
              + " bytes is not a well-formed range code (truncated, extended or corrupted)");
    }
    byte[] codes = new byte[symbols.length];
    for (int d = 0; d < symbols.length; d++) {
      codes[d] = (byte) symbols[d];
    }
    int check = check(coded.length, codes);
    if (check != (payload[0] & 0xFF)) {
      throw new CorruptLatentException(
          String.format(
              "coded latent of %d bytes fails its check (truncated or corrupted): CRC-8 of its"
                  + " length and decoded codes is 0x%02x, its check byte 0x%02x",
              payload.length, check, payload[0] & 0xFF));
    }
    return codes;
  }

  /** CRC-8 of the code length (one byte) and the codes. */
  private static int check(int codedLength, byte[] codes) {
    return crc8(codes, crc8(new byte[] {(byte) codedLength}, 0));
  }

  private static int[] symbols(byte[] int8Codes) {
    int[] symbols = new int[int8Codes.length];
    for (int d = 0; d < symbols.length; d++) {
      symbols[d] = int8Codes[d] & 0xFF;
    }
    return symbols;
  }

  /** CRC-8 with polynomial x^8 + x^2 + x + 1 (0x07), initial value 0, no reflection. */
  static int crc8(byte[] data) {
    return crc8(data, 0);
  }

  private static int crc8(byte[] data, int initial) {
    int crc = initial;
    for (byte b : data) {
      crc ^= b & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
      }
    }
    return crc;
  }
}
