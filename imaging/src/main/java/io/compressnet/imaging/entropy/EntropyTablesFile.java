package io.compressnet.imaging.entropy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The binary form of a {@link StaticLatentModel} in a model bundle ({@value #FILE_NAME}): compact
 * (16 KiB for 32 dims of 256 symbols) and byte-stable, because the bundle's content hash covers it.
 *
 * <p>Layout, big-endian: the 4 ASCII bytes {@code CNET}, a format version byte ({@value #VERSION}),
 * the frequency precision in bits (1 byte), dims (uint16), symbols (uint16), then for each
 * dimension in order its {@code symbols} frequencies as uint16. A frequency of {@code 2^totalBits -
 * symbols + 1} is the largest possible and still fits 16 bits for a 16-bit total. Nothing may
 * follow.
 */
public final class EntropyTablesFile {

  /** The file's name inside a bundle directory. */
  public static final String FILE_NAME = "entropy.bin";

  static final int VERSION = 1;
  private static final byte[] MAGIC = "CNET".getBytes(StandardCharsets.US_ASCII);

  private EntropyTablesFile() {}

  public static byte[] toBytes(StaticLatentModel model) {
    int totalBits = model.table(0).totalBits();
    if (totalBits > 16) {
      throw new IllegalArgumentException("stored tables hold 16-bit frequencies, not " + totalBits);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(10 + model.tableBytes());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeByte(VERSION);
      out.writeByte(totalBits);
      out.writeShort(model.dims());
      out.writeShort(model.symbols());
      for (int d = 0; d < model.dims(); d++) {
        for (int f : model.table(d).frequencies()) {
          out.writeShort(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads tables back.
   *
   * @throws IllegalArgumentException on a wrong magic or version, truncated or trailing bytes, or
   *     tables that are not valid (a zero frequency, a wrong sum)
   */
  public static StaticLatentModel fromBytes(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte[] magic = in.readNBytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("not an entropy table file (no CNET header)");
      }
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "entropy table format version " + version + "; this CompressNet reads " + VERSION);
      }
      int totalBits = in.readUnsignedByte();
      int dims = in.readUnsignedShort();
      int symbols = in.readUnsignedShort();
      if (dims < 1 || symbols < 1) {
        throw new IllegalArgumentException(
            "entropy tables with " + dims + " dims of " + symbols + " symbols");
      }
      FrequencyTable[] tables = new FrequencyTable[dims];
      int[] freq = new int[symbols];
      for (int d = 0; d < dims; d++) {
        for (int s = 0; s < symbols; s++) {
          freq[s] = in.readUnsignedShort();
        }
        try {
          tables[d] = FrequencyTable.of(freq, totalBits);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "entropy table of dim " + d + ": " + e.getMessage(), e);
        }
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("entropy table file has bytes after its last table");
      }
      return StaticLatentModel.of(tables);
    } catch (EOFException e) {
      throw new IllegalArgumentException("entropy table file is truncated", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
