package io.compressnet.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;

/**
 * A tiny Confluent-style registry on 127.0.0.1 for tests: the REST routes CompressNet uses, backed
 * by {@link InMemorySchemaRegistryClient}, answering errors the way Confluent does. Canned answers
 * and delays can be scripted per path to imitate other registries and failures. Every request is
 * recorded.
 */
public final class FakeRegistryServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the server saw it. */
  public record Request(
      String method, String path, String contentType, String authorization, String body) {}

  private record Canned(int status, String body) {}

  private final HttpServer server;
  private final InMemorySchemaRegistryClient backend;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Canned> canned = new ConcurrentHashMap<>();
  private final String prefix;
  private volatile String requiredAuthorization;
  private volatile Duration delay = Duration.ZERO;

  /** Serves the API under {@code prefix} (e.g. "" for Confluent, "/apis/ccompat/v7"). */
  public FakeRegistryServer(String prefix) throws IOException {
    this(prefix, 0, new InMemorySchemaRegistryClient());
  }

  /**
   * Serves {@code backend} on {@code port} (0: any free one): a registry restarted on its port with
   * the schemas it had, as a real registry keeps them in its store.
   */
  public FakeRegistryServer(String prefix, int port, InMemorySchemaRegistryClient backend)
      throws IOException {
    this(
        prefix,
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0),
        backend);
  }

  private FakeRegistryServer(String prefix, HttpServer server) {
    this(prefix, server, new InMemorySchemaRegistryClient());
  }

  private FakeRegistryServer(
      String prefix, HttpServer server, InMemorySchemaRegistryClient backend) {
    this.backend = backend;
    this.prefix = prefix;
    this.server = server;
    server.createContext("/", this::handle);
    server.start();
  }

  /** The same API over HTTPS, with the server's key and certificate from {@code tls}. */
  public static FakeRegistryServer https(String prefix, SSLContext tls) throws IOException {
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    return new FakeRegistryServer(prefix, server);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + prefix;
  }

  public InMemorySchemaRegistryClient backend() {
    return backend;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Answer requests for {@code path} (without the prefix, any method) with a fixed reply. */
  public void answer(String path, int status, String body) {
    canned.put(path, new Canned(status, body));
  }

  /** Demand this exact Authorization header, else 401 as Confluent does. */
  public void requireAuthorization(String header) {
    this.requiredAuthorization = header;
  }

  /** Wait this long before answering every request. */
  public void delayEveryAnswer(Duration delay) {
    this.delay = delay;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String rawPath = exchange.getRequestURI().getRawPath();
      String path = rawPath.startsWith(prefix) ? rawPath.substring(prefix.length()) : rawPath;
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              path,
              exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestHeaders().getFirst("Authorization"),
              body));
      sleep();
      Canned reply = canned.get(path);
      if (reply == null
          && requiredAuthorization != null
          && !requiredAuthorization.equals(
              exchange.getRequestHeaders().getFirst("Authorization"))) {
        reply = error(401, 40101, "Unauthorized");
      }
      if (reply == null) {
        reply = route(exchange.getRequestMethod(), path, body);
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private Canned route(String method, String path, String body) {
    String[] parts = path.split("/");
    try {
      if (method.equals("GET") && path.equals("/subjects")) {
        ArrayNode array = JSON.createArrayNode();
        backend.subjects().forEach(array::add);
        return ok(array);
      }
      if (method.equals("POST")
          && parts.length == 4
          && parts[1].equals("subjects")
          && parts[3].equals("versions")) {
        int id = backend.register(decode(parts[2]), schemaOf(body));
        return ok(JSON.createObjectNode().put("id", id));
      }
      if (method.equals("POST") && parts.length == 3 && parts[1].equals("subjects")) {
        String subject = decode(parts[2]);
        Schema schema = schemaOf(body);
        int id = backend.lookupId(subject, schema);
        return ok(describe(subject, id, versionOf(subject, id), schema));
      }
      if (method.equals("GET") && parts.length == 4 && path.startsWith("/schemas/ids/")) {
        Schema schema = backend.getById(Integer.parseInt(parts[3]));
        return ok(JSON.createObjectNode().put("schema", schema.toString()));
      }
      if (method.equals("GET")
          && parts.length == 5
          && parts[3].equals("versions")
          && parts[4].equals("latest")) {
        RegisteredSchema latest = backend.getLatest(decode(parts[2]));
        return ok(describe(latest.subject(), latest.id(), latest.version(), latest.schema()));
      }
      if (method.equals("POST") && path.startsWith("/compatibility/subjects/")) {
        String subject = decode(parts[3]);
        if (!backend.subjects().contains(subject)) {
          return error(404, 40401, "Subject '" + subject + "' not found.");
        }
        boolean compatible = backend.isCompatible(subject, schemaOf(body));
        return ok(JSON.createObjectNode().put("is_compatible", compatible));
      }
      if (path.equals("/config") || path.startsWith("/config/")) {
        String subject = parts.length == 3 ? decode(parts[2]) : null;
        if (method.equals("PUT")) {
          String level = JSON.readTree(body).get("compatibility").asText();
          backend.setCompatibility(subject, level);
          return ok(JSON.createObjectNode().put("compatibility", level));
        }
        return ok(
            JSON.createObjectNode().put("compatibilityLevel", backend.getCompatibility(subject)));
      }
      return error(404, 404, "HTTP 404 Not Found");
    } catch (SchemaNotFoundException e) {
      int code = e.getMessage().startsWith("Subject") ? 40401 : 40403;
      return error(404, code, e.getMessage());
    } catch (IncompatibleSchemaException e) {
      return error(409, 409, e.getMessage());
    } catch (SchemaRegistryException e) {
      return error(422, e.errorCode(), e.getMessage());
    } catch (IOException | RuntimeException e) {
      return error(500, 50001, e.toString());
    }
  }

  private int versionOf(String subject, int id) {
    return backend.getLatest(subject).id() == id ? backend.getLatest(subject).version() : 1;
  }

  private static ObjectNode describe(String subject, int id, int version, Schema schema) {
    return JSON.createObjectNode()
        .put("subject", subject)
        .put("id", id)
        .put("version", version)
        .put("schema", schema.toString());
  }

  private static Schema schemaOf(String body) throws IOException {
    JsonNode node = JSON.readTree(body);
    return new Schema.Parser().parse(node.get("schema").asText());
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  private static Canned ok(JsonNode node) {
    return new Canned(200, node.toString());
  }

  private static Canned error(int status, int code, String message) {
    return new Canned(
        status, JSON.createObjectNode().put("error_code", code).put("message", message).toString());
  }

  private void sleep() {
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
