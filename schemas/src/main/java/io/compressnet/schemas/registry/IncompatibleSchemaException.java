package io.compressnet.schemas.registry;

/**
 * The registry refused a schema under the subject's compatibility level (409). The message includes
 * the registry's own explanation.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {
  public IncompatibleSchemaException(String message) {
    super(message, 409, -1);
  }

  public IncompatibleSchemaException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
