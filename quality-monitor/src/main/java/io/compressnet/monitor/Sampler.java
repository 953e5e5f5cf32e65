package io.compressnet.monitor;

import java.nio.charset.StandardCharsets;

/**
 * Picks a fixed fraction of images by id, the same ones on every run, machine and instance: an
 * image is scored when a 64-bit hash of its id (FNV-1a over the UTF-8 bytes, then the SplitMix64
 * finaliser so that ids differing in one trailing digit spread over the whole range) maps below
 * {@code rate} in [0, 1). Because the choice depends on the id alone, an original and its
 * reconstruction are always both kept or both dropped, so sampling never creates "missing" images.
 */
public final class Sampler {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final double rate;

  public Sampler(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("sample rate must be in [0, 1], got " + rate);
    }
    this.rate = rate;
  }

  public double rate() {
    return rate;
  }

  /** Whether the image with this id is scored. */
  public boolean keep(String id) {
    if (rate >= 1.0) {
      return true;
    }
    return unitHash(id) < rate;
  }

  /** The id's position in [0, 1): uniform over ids, fixed for ever. */
  static double unitHash(String id) {
    long h = FNV_OFFSET;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= FNV_PRIME;
    }
    h = mix(h);
    return (h >>> 11) * 0x1.0p-53; // top 53 bits as a double in [0, 1)
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
