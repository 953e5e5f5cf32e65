package io.compressnet.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.compressnet.schemas.registry.RegistryTransport.Response;
import java.io.IOException;
import java.util.List;

/**
 * Turns a registry's error answers into this package's exceptions, by HTTP status first and then by
 * the body's Confluent {@code error_code}. Separate so the API calls only say what they asked.
 */
final class RegistryErrors {
  // Confluent's error codes; Apicurio's ccompat layer uses the same numbers for these cases.
  static final int SUBJECT_NOT_FOUND = 40401;
  static final int VERSION_NOT_FOUND = 40402;
  static final int SCHEMA_NOT_FOUND = 40403;

  private static final int MAX_QUOTED_BODY = 300;

  private final RegistryClientConfig config;

  RegistryErrors(RegistryClientConfig config) {
    this.config = config;
  }

  /** The exception for a non-2xx answer to {@code what}. */
  SchemaRegistryException failure(Response response, String what) {
    int status = response.status();
    int code = errorCode(response.body());
    String message = errorMessage(response.body());
    String where = " (" + what + " at " + config.redactedUrl() + ", HTTP " + status + ")";
    if (status == 401 || status == 403) {
      return authFailure(status, code, message + where);
    }
    if (status == 404) {
      return new SchemaNotFoundException(notFoundKind(code) + ": " + message + where, status, code);
    }
    if (status == 409) {
      return new IncompatibleSchemaException(
          "Schema refused as incompatible: " + message + where, status, code);
    }
    if (status == 502 || status == 503 || status == 504) {
      return new RegistryUnavailableException(
          "Registry unavailable: " + message + where, status, code);
    }
    return new SchemaRegistryException("Registry error: " + message + where, status, code);
  }

  private RegistryAuthException authFailure(int status, int code, String detail) {
    String who =
        config.basicAuthUser() == null ? "no credentials" : "user " + config.basicAuthUser();
    return new RegistryAuthException(
        (status == 401 ? "Not authenticated" : "Not authorized") + " with " + who + ": " + detail,
        status,
        code);
  }

  private static String notFoundKind(int code) {
    return switch (code) {
      case SUBJECT_NOT_FOUND -> "Subject not found";
      case VERSION_NOT_FOUND -> "Version not found";
      case SCHEMA_NOT_FOUND -> "Schema not found";
      default -> "Not found";
    };
  }

  /** The body's {@code error_code}, or -1 when the body is not JSON or has none. */
  static int errorCode(String body) {
    JsonNode node = readQuietly(body);
    JsonNode code = node == null ? null : node.get("error_code");
    if (code == null) {
      return -1;
    }
    if (code.canConvertToInt()) {
      return code.asInt();
    }
    try {
      return Integer.parseInt(code.asText().trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The body's {@code message} (Apicurio sometimes says {@code detail}), else the raw body. */
  private static String errorMessage(String body) {
    JsonNode node = readQuietly(body);
    if (node != null && node.isObject()) {
      for (String field : List.of("message", "detail", "error")) {
        JsonNode value = node.get(field);
        if (value != null && value.isTextual() && !value.asText().isBlank()) {
          return value.asText();
        }
      }
    }
    return body == null || body.isBlank() ? "(empty body)" : abbreviate(body);
  }

  private static JsonNode readQuietly(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return RegistryJson.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code text} cut short enough to quote in an exception message. */
  static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= MAX_QUOTED_BODY ? text : text.substring(0, MAX_QUOTED_BODY) + "...";
  }
}
