package io.compressnet.streams;

/**
 * A record that was read but cannot be processed (wrong size, unknown model, ...). Used as the
 * error class in dead letters whose cause is a check rather than a thrown exception.
 */
public class InvalidRecordException extends RuntimeException {
  public InvalidRecordException(String message) {
    super(message);
  }
}
