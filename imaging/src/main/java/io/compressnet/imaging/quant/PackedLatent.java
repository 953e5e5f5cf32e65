package io.compressnet.imaging.quant;

import java.util.Arrays;
import java.util.Objects;

/**
 * One latent as a message carries it: the bytes and the encoding that says how to read them. With
 * {@link Encoding#INT8_RANGE} requested, a latent whose coded form would not be shorter than its
 * INT8 form travels as {@link Encoding#INT8}, so the encoding is per message, not per encoder.
 */
public record PackedLatent(Encoding encoding, byte[] bytes) {

  public PackedLatent {
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(bytes, "bytes");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackedLatent p && p.encoding == encoding && Arrays.equals(p.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * encoding.hashCode() + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "PackedLatent{" + encoding + ", " + bytes.length + " B}";
  }
}
