package io.compressnet.codec.inference;

/** The network failed on a batch (a native error, an unexpected output shape). */
public class InferenceException extends RuntimeException {
  public InferenceException(String message) {
    super(message);
  }

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
