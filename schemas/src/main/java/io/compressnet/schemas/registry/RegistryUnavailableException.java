package io.compressnet.schemas.registry;

/**
 * The registry could not be reached (connection refused, timeout, I/O error, 502/503/504). The
 * message names the URL, without credentials. Usually transient: retry rather than drop data.
 */
public class RegistryUnavailableException extends SchemaRegistryException {
  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, -1, -1, cause);
  }

  public RegistryUnavailableException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
