package io.compressnet.codec.entropy;

import java.util.Arrays;

/**
 * The {@code INT8_RANGE} wire form of an INT8 latent: the per-dimension codes (0..255) range-coded
 * with the bundle's {@link StaticLatentModel}, behind a two-byte header.
 *
 * <pre>
 *   byte 0      n, the number of range-code bytes that follow (0..255)
 *   byte 1      CRC-8 (polynomial 0x07, initial value 0) of the dims INT8 codes
 *   bytes 2..   the range coder's n bytes for the codes, dimension 0 first
 * </pre>
 *
 * <p>The range code alone carries no length: its decoder reads zeros past the end, so a truncated
 * or corrupted payload still decodes to <em>some</em> codes, and a truncated code is often the
 * encoder's exact output for other codes (the encoder ends on the number with the most trailing
 * zeros, and a cut-off code padded with zeros is such a number). Hence the header. {@link #decode}
 * checks, and throws {@link CorruptLatentException} naming the check that failed: the length byte
 * matches the payload (every truncation or extension fails here); the code decodes; the payload is
 * exactly the bytes the encoder writes for the decoded codes; the CRC-8 of the decoded codes
 * matches byte 1. A corruption that passes all four has to turn the code into another well-formed
 * code whose codes have the same CRC-8: about 1 in 256 of those that pass the third check. The
 * header costs two bytes per message and decoding costs one extra encode.
 *
 * <p>Immutable and thread-safe.
 */
public final class Int8RangeCoder {

  /** Header bytes before the range code. */
  public static final int HEADER_BYTES = 2;

  private static final int MAX_CODE_BYTES = 255;

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

  /**
   * The coded form of {@code int8Codes} (one byte per dimension), header first.
   *
   * @throws IllegalArgumentException on the wrong number of codes, or if the range code would take
   *     more than 255 bytes (only possible for more than 127 dims; see {@link #encodeIfShorter})
   */
  public byte[] encode(byte[] int8Codes) {
    byte[] payload = encodeIfShorter(int8Codes, Integer.MAX_VALUE);
    if (payload == null) {
      throw new IllegalArgumentException(
          "range code of " + int8Codes.length + " codes exceeds " + MAX_CODE_BYTES + " bytes");
    }
    return payload;
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
    if (coded.length > MAX_CODE_BYTES || HEADER_BYTES + (long) coded.length >= limit) {
      return null;
    }
    byte[] out = new byte[HEADER_BYTES + coded.length];
    out[0] = (byte) coded.length;
    out[1] = (byte) crc8(int8Codes);
    System.arraycopy(coded, 0, out, HEADER_BYTES, coded.length);
    return out;
  }

  /**
   * The INT8 codes (one byte per dimension) of a payload {@link #encode} wrote.
   *
   * @throws CorruptLatentException if the payload is shorter than its header, its length byte
   *     disagrees with its length, it does not decode, it is not the encoder's output for what it
   *     decodes to, or it fails the CRC
   */
  public byte[] decode(byte[] payload) {
    if (payload == null || payload.length < HEADER_BYTES) {
      throw new CorruptLatentException(
          "coded latent of "
              + (payload == null ? 0 : payload.length)
              + " bytes is shorter than its "
              + HEADER_BYTES
              + "-byte header");
    }
    int declared = payload[0] & 0xFF;
    int actual = payload.length - HEADER_BYTES;
    if (declared != actual) {
      throw new CorruptLatentException(
          String.format(
              "coded latent is truncated or extended: its header declares %d code bytes, %d"
                  + " follow",
              declared, actual));
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
              + " bytes is not a well-formed range code (corrupted)");
    }
    byte[] codes = new byte[symbols.length];
    for (int d = 0; d < symbols.length; d++) {
      codes[d] = (byte) symbols[d];
    }
    int crc = crc8(codes);
    if (crc != (payload[1] & 0xFF)) {
      throw new CorruptLatentException(
          String.format(
              "coded latent fails its check: CRC-8 of the decoded codes is 0x%02x, the header says"
                  + " 0x%02x",
              crc, payload[1] & 0xFF));
    }
    return codes;
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
    int crc = 0;
    for (byte b : data) {
      crc ^= b & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
      }
    }
    return crc;
  }
}
