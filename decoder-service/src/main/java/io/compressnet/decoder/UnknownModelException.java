package io.compressnet.decoder;

import io.compressnet.streams.InvalidRecordException;

/** A latent names a model that is not in the models directory. */
public class UnknownModelException extends InvalidRecordException {
  public UnknownModelException(String message) {
    super(message);
  }
}
