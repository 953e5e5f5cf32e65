package io.compressnet.codec.bundle;

/** A model bundle directory that cannot be used: missing files, unknown format, bad content. */
public final class BundleFormatException extends RuntimeException {
  public BundleFormatException(String message) {
    super(message);
  }

  public BundleFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
