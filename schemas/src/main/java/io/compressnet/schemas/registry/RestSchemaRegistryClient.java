package io.compressnet.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.compressnet.schemas.registry.RegistryTransport.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema Registry client over the Confluent REST API, using the JDK {@link
 * java.net.http.HttpClient}. Works against Confluent Schema Registry and Apicurio's {@code
 * /apis/ccompat/v7} (put that path in the URL). Ids and schemas are cached both ways: schema-to-id
 * per subject, id-to-schema globally.
 *
 * <p>This class holds the registry's API calls and the caches. What goes over HTTP (TLS, basic
 * auth, failover across URLs) is in {@link RegistryTransport}; reading the JSON answers is in
 * {@link RegistryJson}, and errors are classified by HTTP status first, then refined by the body's
 * {@code error_code} when it is one of Confluent's codes ({@link RegistryErrors}).
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  /** The media type of request bodies (the test fake answers with it too). */
  static final String CONTENT_TYPE = RegistryTransport.CONTENT_TYPE;

  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);

  private final RegistryClientConfig config;
  private final RegistryTransport transport;
  private final RegistryJson json;
  private final LruCache<Integer, Schema> schemaById;
  private final LruCache<SubjectSchema, Integer> idBySubjectSchema;

  private record SubjectSchema(String subject, Schema schema) {}

  public RestSchemaRegistryClient(RegistryClientConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.transport = new RegistryTransport(config);
    this.json = new RegistryJson(config, new RegistryErrors(config));
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
            reply = call("POST", versionsPath(subject), RegistryJson.schemaBody(schema));
          } catch (IncompatibleSchemaException refused) {
            // Two instances registering the same new schema at once: Apicurio answers the
            // loser with 409 "already exists". If the schema is now there, that is success.
            reply = registeredMeanwhile(subject, schema, refused);
          }
          return remember(
              schema, json.requiredInt(reply, "id", "register under subject " + subject));
        });
  }

  private JsonNode registeredMeanwhile(
      String subject, Schema schema, IncompatibleSchemaException refused) {
    try {
      return call("POST", subjectPath(subject), RegistryJson.schemaBody(schema));
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
          JsonNode reply = call("POST", subjectPath(subject), RegistryJson.schemaBody(schema));
          return remember(schema, json.requiredInt(reply, "id", "lookup under subject " + subject));
        });
  }

  /** Caches the id-to-schema direction of a freshly learnt id, and returns the id. */
  private int remember(Schema schema, int id) {
    schemaById.put(id, schema);
    return id;
  }

  @Override
  public Schema getById(int id) {
    return schemaById.getOrLoad(
        id, k -> json.schema(call("GET", "/schemas/ids/" + id, null), "schema id " + id));
  }

  @Override
  public RegisteredSchema getLatest(String subject) {
    JsonNode reply = call("GET", versionsPath(subject) + "/latest", null);
    String what = "latest version of subject " + subject;
    Schema schema = json.schema(reply, what);
    int id = json.requiredInt(reply, "id", what);
    int version = json.requiredInt(reply, "version", what);
    schemaById.put(id, schema);
    idBySubjectSchema.put(new SubjectSchema(subject, schema), id);
    return new RegisteredSchema(subject, id, version, schema);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    Response response =
        transport.send(
            "POST",
            "/compatibility" + versionsPath(subject) + "/latest",
            RegistryJson.schemaBody(schema));
    int code = response.status() == 404 ? RegistryErrors.errorCode(response.body()) : -1;
    if (code == RegistryErrors.SUBJECT_NOT_FOUND || code == RegistryErrors.VERSION_NOT_FOUND) {
      // Nothing registered yet, so nothing to be incompatible with. A 404 without one of these
      // codes (a wrong URL, say) is still an error: it must not pass as "compatible".
      return true;
    }
    return json.isCompatible(response, subject);
  }

  @Override
  public String getCompatibility(String subject) {
    if (subject == null) {
      return json.compatibilityLevel(call("GET", "/config", null), "global config");
    }
    Response response =
        transport.send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null);
    if (response.status() == 404) {
      // Registries without defaultToGlobal answer 404 for a subject with no own level.
      return getCompatibility(null);
    }
    return json.compatibilityLevel(
        json.parseOrThrow(response, "config of subject " + subject), subject);
  }

  @Override
  public void setCompatibility(String subject, String level) {
    Objects.requireNonNull(level, "level");
    String path = subject == null ? "/config" : "/config/" + encode(subject);
    call("PUT", path, RegistryJson.compatibilityBody(level));
  }

  @Override
  public List<String> subjects() {
    return json.subjectNames(call("GET", "/subjects", null));
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "RestSchemaRegistryClient[" + config + "]";
  }

  /** Sends, and returns the JSON of a 2xx answer; any other status throws its exception. */
  private JsonNode call(String method, String path, String body) {
    return json.parseOrThrow(transport.send(method, path, body), method + " " + path);
  }

  private static String subjectPath(String subject) {
    return "/subjects/" + encode(subject);
  }

  private static String versionsPath(String subject) {
    return subjectPath(subject) + "/versions";
  }

  private static String encode(String pathSegment) {
    Objects.requireNonNull(pathSegment, "subject");
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
