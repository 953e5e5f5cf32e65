package io.compressnet.imaging.entropy;

/**
 * Entropy coding of quantized latent vectors with one static frequency table per dimension, fitted
 * on training latents: the decoder holds the same tables (they ship in the model bundle, {@link
 * EntropyTablesFile}), so the coded symbols need no header of their own. The wire format of the
 * services adds a check byte around them ({@link Int8RangeCoder}).
 *
 * <p>Dimensions are coded independently (no context between them): simple, and the tables are small
 * ({@code dims x symbols} frequencies).
 *
 * <p>Immutable and thread-safe.
 */
public final class StaticLatentModel {

  /** Frequency precision: 2^16, so a symbol's cost is resolved to about 1e-5 bits near p = 1. */
  public static final int TOTAL_BITS = 16;

  private final FrequencyTable[] tables;
  private final int symbols;

  private StaticLatentModel(FrequencyTable[] tables, int symbols) {
    this.tables = tables;
    this.symbols = symbols;
  }

  /**
   * Fits per-dimension tables.
   *
   * @param codes one row of symbols (each in {@code [0, symbols)}) per training latent
   * @param dims symbols per latent
   * @param symbols alphabet size, e.g. 256 for INT8 codes
   */
  public static StaticLatentModel fit(int[][] codes, int dims, int symbols) {
    if (dims < 1) {
      throw new IllegalArgumentException("dims must be >= 1, got " + dims);
    }
    long[][] counts = new long[dims][symbols];
    for (int i = 0; i < codes.length; i++) {
      int[] row = codes[i];
      if (row.length != dims) {
        throw new IllegalArgumentException(
            "training latent " + i + " has " + row.length + " dims, expected " + dims);
      }
      for (int d = 0; d < dims; d++) {
        checkSymbol(row[d], symbols, d);
        counts[d][row[d]]++;
      }
    }
    FrequencyTable[] tables = new FrequencyTable[dims];
    for (int d = 0; d < dims; d++) {
      tables[d] = FrequencyTable.fromCounts(counts[d], TOTAL_BITS);
    }
    return new StaticLatentModel(tables, symbols);
  }

  /**
   * A model from stored tables, one per dimension, all over the same alphabet and precision.
   *
   * @throws IllegalArgumentException if the tables disagree or there are none
   */
  public static StaticLatentModel of(FrequencyTable[] tables) {
    if (tables.length < 1) {
      throw new IllegalArgumentException("need at least one dimension");
    }
    int symbols = tables[0].symbols();
    for (int d = 0; d < tables.length; d++) {
      if (tables[d].symbols() != symbols || tables[d].totalBits() != tables[0].totalBits()) {
        throw new IllegalArgumentException(
            "table of dim " + d + " is " + tables[d] + ", dim 0's is " + tables[0]);
      }
    }
    return new StaticLatentModel(tables.clone(), symbols);
  }

  /** The table of dimension {@code dim}. */
  public FrequencyTable table(int dim) {
    return tables[dim];
  }

  public int dims() {
    return tables.length;
  }

  public int symbols() {
    return symbols;
  }

  /** One message: the range-coded symbols of one latent. */
  public byte[] encode(int[] latent) {
    requireDims(latent.length);
    RangeEncoder encoder = new RangeEncoder();
    for (int d = 0; d < tables.length; d++) {
      checkSymbol(latent[d], symbols, d);
      encoder.encode(tables[d], latent[d]);
    }
    return encoder.finish();
  }

  /**
   * Decodes {@link #dims()} symbols. Input that no encoder wrote may still decode to some symbols;
   * {@link Int8RangeCoder} adds the checks that catch it.
   *
   * @throws IllegalArgumentException if the input falls where no symbol's interval lies
   */
  public int[] decode(byte[] message) {
    RangeDecoder decoder = new RangeDecoder(message);
    int[] latent = new int[tables.length];
    for (int d = 0; d < tables.length; d++) {
      latent[d] = decoder.decode(tables[d]);
    }
    return latent;
  }

  /** The ideal code length of {@code latent} under these tables, in bits (a lower bound). */
  public double idealBits(int[] latent) {
    requireDims(latent.length);
    double bits = 0;
    for (int d = 0; d < tables.length; d++) {
      bits += tables[d].bits(latent[d]);
    }
    return bits;
  }

  /** Bytes the tables take stored as 16-bit frequencies, e.g. in a bundle. */
  public int tableBytes() {
    return tables.length * symbols * 2;
  }

  private void requireDims(int length) {
    if (length != tables.length) {
      throw new IllegalArgumentException(
          "latent has " + length + " dims, model has " + tables.length);
    }
  }

  private static void checkSymbol(int symbol, int symbols, int dim) {
    if (symbol < 0 || symbol >= symbols) {
      throw new IllegalArgumentException(
          "symbol " + symbol + " at dim " + dim + " outside [0, " + symbols + ")");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StaticLatentModel m && java.util.Arrays.equals(m.tables, tables);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(tables);
  }

  @Override
  public String toString() {
    return "StaticLatentModel{dims=" + tables.length + ", symbols=" + symbols + "}";
  }
}
