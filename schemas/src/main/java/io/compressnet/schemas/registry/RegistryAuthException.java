package io.compressnet.schemas.registry;

/** The registry refused the credentials (401) or the operation (403). */
public class RegistryAuthException extends SchemaRegistryException {
  public RegistryAuthException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
