package io.compressnet.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema Registry client over the Confluent REST API, using the JDK {@link HttpClient}. Works
 * against Confluent Schema Registry and Apicurio's {@code /apis/ccompat/v7} (put that path in the
 * URL). Ids and schemas are cached both ways: schema-to-id per subject, id-to-schema globally.
 *
 * <p>Responses are parsed defensively: unknown fields (Apicurio's {@code schemaType}, for one) are
 * ignored, and errors are classified by HTTP status first, then refined by the body's {@code
 * error_code} when it is one of Confluent's codes.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9,"
          + " application/json; qs=0.5";

  // Confluent's error codes; Apicurio's ccompat layer uses the same numbers for these cases.
  private static final int SUBJECT_NOT_FOUND = 40401;
  private static final int VERSION_NOT_FOUND = 40402;
  private static final int SCHEMA_NOT_FOUND = 40403;

  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClientConfig config;
  private final HttpClient http;
  private final String authorization;
  private final LruCache<Integer, Schema> schemaById;
  private final LruCache<SubjectSchema, Integer> idBySubjectSchema;

  private record SubjectSchema(String subject, Schema schema) {}

  private record Response(int status, String body) {}

  public RestSchemaRegistryClient(RegistryClientConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (config.trustStore() != null) {
      builder.sslContext(sslContext(config.trustStore()));
    }
    this.http = builder.build();
    this.authorization =
        config.basicAuthUserInfo() == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
    this.schemaById = new LruCache<>(config.cacheSize());
    this.idBySubjectSchema = new LruCache<>(config.cacheSize());
    LOG.debug("Schema Registry client for {}", config);
  }

  /** The config this client was built from (its {@code toString} hides the password). */
  public RegistryClientConfig config() {
    return config;
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    return idBySubjectSchema.getOrLoad(
        key,
        k -> {
          JsonNode reply;
          try {
            reply = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
          } catch (IncompatibleSchemaException refused) {
            // Two instances registering the same new schema at once: Apicurio answers the
            // loser with 409 "already exists". If the schema is now there, that is success.
            reply = registeredMeanwhile(subject, schema, refused);
          }
          int id = requiredInt(reply, "id", "register under subject " + subject);
          schemaById.put(id, schema);
          return id;
        });
  }

  private JsonNode registeredMeanwhile(
      String subject, Schema schema, IncompatibleSchemaException refused) {
    try {
      return call("POST", "/subjects/" + encode(subject), schemaBody(schema));
    } catch (SchemaNotFoundException notThere) {
      throw refused;
    }
  }

  @Override
  public int lookupId(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    return idBySubjectSchema.getOrLoad(
        key,
        k -> {
          JsonNode reply = call("POST", "/subjects/" + encode(subject), schemaBody(schema));
          int id = requiredInt(reply, "id", "lookup under subject " + subject);
          schemaById.put(id, schema);
          return id;
        });
  }

  @Override
  public Schema getById(int id) {
    return schemaById.getOrLoad(
        id,
        k -> {
          JsonNode reply = call("GET", "/schemas/ids/" + id, null);
          return parseSchema(reply, "schema id " + id);
        });
  }

  @Override
  public RegisteredSchema getLatest(String subject) {
    JsonNode reply = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
    String what = "latest version of subject " + subject;
    Schema schema = parseSchema(reply, what);
    int id = requiredInt(reply, "id", what);
    int version = requiredInt(reply, "version", what);
    schemaById.put(id, schema);
    idBySubjectSchema.put(new SubjectSchema(subject, schema), id);
    return new RegisteredSchema(subject, id, version, schema);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    Response response =
        send(
            "POST",
            "/compatibility/subjects/" + encode(subject) + "/versions/latest",
            schemaBody(schema));
    int code = response.status() == 404 ? errorCode(response.body()) : -1;
    if (code == SUBJECT_NOT_FOUND || code == VERSION_NOT_FOUND) {
      // Nothing registered yet, so nothing to be incompatible with. A 404 without one of these
      // codes (a wrong URL, say) is still an error: it must not pass as "compatible".
      return true;
    }
    JsonNode reply = parseOrThrow(response, "compatibility check for subject " + subject);
    JsonNode flag = reply.get("is_compatible");
    if (flag == null || !flag.isBoolean()) {
      throw new SchemaRegistryException(
          "Registry at "
              + config.redactedUrl()
              + " answered the compatibility check for subject "
              + subject
              + " without a boolean is_compatible: "
              + abbreviate(response.body()));
    }
    return flag.booleanValue();
  }

  @Override
  public String getCompatibility(String subject) {
    if (subject == null) {
      return compatibilityLevel(call("GET", "/config", null), "global config");
    }
    Response response = send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null);
    if (response.status() == 404) {
      // Registries without defaultToGlobal answer 404 for a subject with no own level.
      return getCompatibility(null);
    }
    return compatibilityLevel(parseOrThrow(response, "config of subject " + subject), subject);
  }

  @Override
  public void setCompatibility(String subject, String level) {
    Objects.requireNonNull(level, "level");
    ObjectNode body = JSON.createObjectNode().put("compatibility", level);
    call("PUT", subject == null ? "/config" : "/config/" + encode(subject), body.toString());
  }

  @Override
  public List<String> subjects() {
    JsonNode reply = call("GET", "/subjects", null);
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

  @Override
  public void close() {
    // HttpClient is AutoCloseable from Java 21 on; on 17 its threads end when it is unreachable.
    Object client = http;
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.debug("Closing the HTTP client failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "RestSchemaRegistryClient[" + config + "]";
  }

  private JsonNode call(String method, String path, String body) {
    return parseOrThrow(send(method, path, body), method + " " + path);
  }

  private Response send(String method, String path, String body) {
    RegistryUnavailableException lastFailure = null;
    for (String base : config.baseUrls()) {
      try {
        return sendOnce(base, method, path, body);
      } catch (RegistryUnavailableException e) {
        lastFailure = e; // try the next URL, if any
      }
    }
    throw lastFailure;
  }

  private Response sendOnce(String base, String method, String path, String body) {
    String redactedBase = RegistryClientConfig.redactUrl(base);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(config.requestTimeout())
            .header("Accept", ACCEPT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(response.statusCode(), response.body());
    } catch (HttpTimeoutException e) {
      throw new RegistryUnavailableException(
          "Schema Registry at "
              + redactedBase
              + " did not answer "
              + method
              + " "
              + path
              + " in time ("
              + e.getMessage()
              + ")",
          e);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "Schema Registry at "
              + redactedBase
              + " is unreachable ("
              + method
              + " "
              + path
              + "): "
              + describe(e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException(
          "Interrupted while calling Schema Registry at " + redactedBase, e);
    }
  }

  private JsonNode parseOrThrow(Response response, String what) {
    if (response.status() >= 200 && response.status() < 300) {
      try {
        return JSON.readTree(response.body() == null ? "" : response.body());
      } catch (IOException e) {
        throw new SchemaRegistryException(
            "Registry at "
                + config.redactedUrl()
                + " sent unparsable JSON for "
                + what
                + ": "
                + abbreviate(response.body()),
            response.status(),
            -1,
            e);
      }
    }
    throw failure(response, what);
  }

  private SchemaRegistryException failure(Response response, String what) {
    int status = response.status();
    int code = errorCode(response.body());
    String message = errorMessage(response.body());
    String where = " (" + what + " at " + config.redactedUrl() + ", HTTP " + status + ")";
    if (status == 401 || status == 403) {
      String who =
          config.basicAuthUser() == null ? "no credentials" : "user " + config.basicAuthUser();
      return new RegistryAuthException(
          (status == 401 ? "Not authenticated" : "Not authorized")
              + " with "
              + who
              + ": "
              + message
              + where,
          status,
          code);
    }
    if (status == 404) {
      return new SchemaNotFoundException(
          notFoundKind(code, what) + ": " + message + where, status, code);
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

  private static String notFoundKind(int code, String what) {
    return switch (code) {
      case SUBJECT_NOT_FOUND -> "Subject not found";
      case VERSION_NOT_FOUND -> "Version not found";
      case SCHEMA_NOT_FOUND -> "Schema not found";
      default -> "Not found";
    };
  }

  /** The body's {@code error_code}, or -1 when the body is not JSON or has none. */
  private static int errorCode(String body) {
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
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private Schema parseSchema(JsonNode reply, String what) {
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

  private int requiredInt(JsonNode reply, String field, String what) {
    JsonNode value = reply.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new SchemaRegistryException(
          "Registry at " + config.redactedUrl() + " sent no '" + field + "' for " + what);
    }
    return value.asInt();
  }

  private String compatibilityLevel(JsonNode reply, String what) {
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

  private static String schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  private static String encode(String pathSegment) {
    Objects.requireNonNull(pathSegment, "subject");
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    String name = e.getClass().getSimpleName();
    if (message == null && e.getCause() != null) {
      message = e.getCause().toString();
    }
    return message == null ? name : name + ": " + message;
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  /** An SSL context trusting exactly the certificates in {@code store}. */
  private static SSLContext sslContext(RegistryClientConfig.TrustStore store) {
    try (InputStream in = Files.newInputStream(Path.of(store.location()))) {
      KeyStore keyStore = KeyStore.getInstance(store.type());
      keyStore.load(in, store.password() == null ? null : store.password().toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(keyStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the registry trust store "
              + store.location()
              + " ("
              + RegistryClientConfig.SSL_TRUSTSTORE_LOCATION
              + "): "
              + e.getMessage(),
          e);
    }
  }
}
