package io.compressnet.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.compressnet.schemas.registry.RegistryTransport.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The Confluent API's JSON: request bodies, and the fields read from an answer, each failing with a
 * message that names the registry. Separate so the API calls read as calls, not as field checks.
 *
 * <p>Answers are read defensively: unknown fields (Apicurio's {@code schemaType}, for one) are
 * ignored.
 */
final class RegistryJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final RegistryClientConfig config;
  private final RegistryErrors errors;

  RegistryJson(RegistryClientConfig config, RegistryErrors errors) {
    this.config = config;
    this.errors = errors;
  }

  static String schemaBody(Schema schema) {
    return MAPPER.createObjectNode().put("schema", schema.toString()).toString();
  }

  static String compatibilityBody(String level) {
    return MAPPER.createObjectNode().put("compatibility", level).toString();
  }

  /** The JSON of a 2xx answer to {@code what}; any other status throws its mapped exception. */
  JsonNode parseOrThrow(Response response, String what) {
    if (response.status() < 200 || response.status() >= 300) {
      throw errors.failure(response, what);
    }
    try {
      return MAPPER.readTree(response.body() == null ? "" : response.body());
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "Registry at "
              + config.redactedUrl()
              + " sent unparsable JSON for "
              + what
              + ": "
              + RegistryErrors.abbreviate(response.body()),
          response.status(),
          -1,
          e);
    }
  }

  /** The Avro schema in {@code reply}'s {@code schema} field; other schema types are refused. */
  Schema schema(JsonNode reply, String what) {
    JsonNode type = reply.get("schemaType");
    if (type != null && type.isTextual() && !"AVRO".equalsIgnoreCase(type.asText())) {
      throw new SchemaRegistryException(
          what + " at " + config.redactedUrl() + " is a " + type.asText() + " schema, not Avro");
    }
    JsonNode text = reply.get("schema");
    if (text == null || !text.isTextual()) {
      throw new SchemaRegistryException(
          "Registry at " + config.redactedUrl() + " sent no schema text for " + what);
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          "Registry at " + config.redactedUrl() + " sent an invalid Avro schema for " + what, e);
    }
  }

  int requiredInt(JsonNode reply, String field, String what) {
    JsonNode value = reply.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new SchemaRegistryException(
          "Registry at " + config.redactedUrl() + " sent no '" + field + "' for " + what);
    }
    return value.asInt();
  }

  String compatibilityLevel(JsonNode reply, String what) {
    // Confluent's GET says compatibilityLevel, its PUT echoes compatibility; accept either.
    for (String field : List.of("compatibilityLevel", "compatibility")) {
      JsonNode value = reply.get(field);
      if (value != null && value.isTextual()) {
        return value.asText();
      }
    }
    throw new SchemaRegistryException(
        "Registry at " + config.redactedUrl() + " sent no compatibility level for " + what);
  }

  /** The verdict of a compatibility check; an answer without a boolean verdict is an error. */
  boolean isCompatible(Response response, String subject) {
    JsonNode reply = parseOrThrow(response, "compatibility check for subject " + subject);
    JsonNode flag = reply.get("is_compatible");
    if (flag == null || !flag.isBoolean()) {
      throw new SchemaRegistryException(
          "Registry at "
              + config.redactedUrl()
              + " answered the compatibility check for subject "
              + subject
              + " without a boolean is_compatible: "
              + RegistryErrors.abbreviate(response.body()));
    }
    return flag.booleanValue();
  }

  /** The subject names in a {@code GET /subjects} answer, sorted. */
  List<String> subjectNames(JsonNode reply) {
    if (!reply.isArray()) {
      throw new SchemaRegistryException(
          "Registry at "
              + config.redactedUrl()
              + " answered /subjects with "
              + reply.getNodeType());
    }
    List<String> subjects = new ArrayList<>();
    reply.forEach(node -> subjects.add(node.asText()));
    subjects.sort(null);
    return List.copyOf(subjects);
  }
}
