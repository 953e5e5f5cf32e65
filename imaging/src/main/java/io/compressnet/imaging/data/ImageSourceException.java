package io.compressnet.imaging.data;

import java.io.IOException;

/**
 * Images that cannot be read as one set: no files, an unreadable file, mixed sizes, or an option
 * that does not fit the source. The message names the file and what to change.
 */
public final class ImageSourceException extends IOException {
  public ImageSourceException(String message) {
    super(message);
  }

  public ImageSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
