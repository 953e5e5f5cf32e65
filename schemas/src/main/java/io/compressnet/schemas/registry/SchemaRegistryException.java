package io.compressnet.schemas.registry;

/**
 * A Schema Registry call failed. Subclasses name the cases callers react to differently; this class
 * itself covers the rest (an invalid schema, a 5xx with a body, an unparsable response).
 */
public class SchemaRegistryException extends RuntimeException {
  /** HTTP status when the registry answered, else -1. */
  private final int httpStatus;

  /** The registry's {@code error_code} from the response body when it sent one, else -1. */
  private final int errorCode;

  public SchemaRegistryException(String message) {
    this(message, -1, -1, null);
  }

  public SchemaRegistryException(String message, Throwable cause) {
    this(message, -1, -1, cause);
  }

  public SchemaRegistryException(String message, int httpStatus, int errorCode) {
    this(message, httpStatus, errorCode, null);
  }

  public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int errorCode() {
    return errorCode;
  }
}
