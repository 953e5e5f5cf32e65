package io.compressnet.imaging.data;

import java.io.IOException;

/** An IDX file that is not what it claims to be: wrong magic number, truncated, or missing. */
public final class IdxFormatException extends IOException {
  public IdxFormatException(String message) {
    super(message);
  }

  public IdxFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
