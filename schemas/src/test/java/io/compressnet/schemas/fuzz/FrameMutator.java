package io.compressnet.schemas.fuzz;

import io.compressnet.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Damages valid Confluent wire-format frames the ways a broken producer, a bad disk or a hostile
 * client would: flipped bits, truncation, an unknown schema id or magic byte, trailing garbage, a
 * length prefix of about 2 GB spliced in, or random bytes. Seeded, so a failing run repeats. Shared
 * by each service's bad-input test (schemas' test-jar).
 */
public final class FrameMutator {

  /** The kinds of damage, each picked with the same probability. */
  public enum Kind {
    FLIPPED_BITS,
    TRUNCATED,
    UNKNOWN_SCHEMA_ID,
    WRONG_MAGIC_BYTE,
    TRAILING_BYTES,
    HUGE_LENGTH_PREFIX,
    RANDOM_BYTES
  }

  /** A damaged frame and how it was damaged. */
  public record Mutation(Kind kind, byte[] bytes) {}

  private final Random random;

  public FrameMutator(long seed) {
    this.random = new Random(seed);
  }

  /** The generator the mutator draws from, for callers that vary fields with the same seed. */
  public Random random() {
    return random;
  }

  /** One damaged copy of {@code frame} (which is not modified), of a randomly chosen kind. */
  public Mutation mutate(byte[] frame) {
    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
    return new Mutation(kind, mutate(kind, frame));
  }

  /** A damaged copy of {@code frame} of the given kind. */
  public byte[] mutate(Kind kind, byte[] frame) {
    return switch (kind) {
      case FLIPPED_BITS -> flipBits(frame);
      case TRUNCATED -> Arrays.copyOf(frame, random.nextInt(frame.length));
      case UNKNOWN_SCHEMA_ID -> withSchemaId(frame, 1_000_000 + random.nextInt(1_000_000));
      case WRONG_MAGIC_BYTE -> withMagic(frame, (byte) (1 + random.nextInt(255)));
      case TRAILING_BYTES -> concat(frame, randomBytes(1 + random.nextInt(64)));
      case HUGE_LENGTH_PREFIX -> spliceHugeLength(frame);
      case RANDOM_BYTES -> randomBytes(random.nextInt(2 * frame.length + 1));
    };
  }

  /**
   * An int from the edges a validator must handle (negative, zero, one, huge, the extremes) or,
   * half the time, a plausible one near {@code typical}.
   */
  public int edgeInt(int typical) {
    int[] edges = {
      Integer.MIN_VALUE, -typical, -1, 0, 1, typical - 1, typical + 1, 65_536, Integer.MAX_VALUE
    };
    return random.nextBoolean() ? edges[random.nextInt(edges.length)] : typical;
  }

  private byte[] flipBits(byte[] frame) {
    byte[] copy = frame.clone();
    int flips = 1 + random.nextInt(4);
    for (int i = 0; i < flips; i++) {
      int at = random.nextInt(copy.length);
      copy[at] ^= (byte) (1 << random.nextInt(8));
    }
    return copy;
  }

  private static byte[] withSchemaId(byte[] frame, int id) {
    byte[] copy = frame.clone();
    copy[1] = (byte) (id >>> 24);
    copy[2] = (byte) (id >>> 16);
    copy[3] = (byte) (id >>> 8);
    copy[4] = (byte) id;
    return copy;
  }

  private static byte[] withMagic(byte[] frame, byte magic) {
    byte[] copy = frame.clone();
    copy[0] = magic;
    return copy;
  }

  /** Inserts the zig-zag varint of ~2e9 at a random offset of the Avro payload. */
  private byte[] spliceHugeLength(byte[] frame) {
    int at = WireFormat.HEADER_SIZE + random.nextInt(frame.length - WireFormat.HEADER_SIZE + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(frame, 0, at);
    long zigZag = (2_000_000_000L + random.nextInt(100_000_000)) << 1;
    while ((zigZag & ~0x7FL) != 0) {
      out.write((int) ((zigZag & 0x7F) | 0x80));
      zigZag >>>= 7;
    }
    out.write((int) zigZag);
    out.write(frame, at, frame.length - at);
    return out.toByteArray();
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
