package io.compressnet.imaging.entropy;

/**
 * A coded latent that cannot be what an encoder wrote: truncated, extended or corrupted. The
 * message says which check failed; the decoder-service sends the record to the dead-letter topic
 * with it instead of decoding a garbage image.
 */
public final class CorruptLatentException extends IllegalArgumentException {
  public CorruptLatentException(String message) {
    super(message);
  }

  public CorruptLatentException(String message, Throwable cause) {
    super(message, cause);
  }
}
