package io.compressnet.schemas.registry;

/** A subject, a version of a subject, or a schema id does not exist; the message says which. */
public class SchemaNotFoundException extends SchemaRegistryException {
  public SchemaNotFoundException(String message) {
    super(message, 404, -1);
  }

  public SchemaNotFoundException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
