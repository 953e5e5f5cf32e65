package io.compressnet.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wire under {@link RestSchemaRegistryClient}: the JDK HTTP client with its TLS trust and basic
 * auth, and one request with failover across the configured URLs. Separate so the client holds only
 * the registry's API and this class only what travels over HTTP.
 */
final class RegistryTransport implements AutoCloseable {
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9,"
          + " application/json; qs=0.5";

  // The client's logger, so log settings made for the client still cover its transport.
  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);

  /** One HTTP answer, whatever its status: judging it is the caller's business. */
  record Response(int status, String body) {}

  private final RegistryClientConfig config;
  private final HttpClient http;
  private final String authorization;

  RegistryTransport(RegistryClientConfig config) {
    this.config = config;
    this.http = httpClient(config);
    this.authorization = basicAuthorization(config.basicAuthUserInfo());
  }

  private static HttpClient httpClient(RegistryClientConfig config) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (config.trustStore() != null) {
      builder.sslContext(sslContext(config.trustStore()));
    }
    return builder.build();
  }

  /** The {@code Authorization} header for {@code user:password}, or null without credentials. */
  private static String basicAuthorization(String userInfo) {
    if (userInfo == null) {
      return null;
    }
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends to each base URL in turn until one answers; only an unreachable registry moves on to the
   * next URL, any HTTP answer (an error status too) is returned.
   */
  Response send(String method, String path, String body) {
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
    try {
      HttpResponse<String> response =
          http.send(
              request(base, method, path, body),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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

  private HttpRequest request(String base, String method, String path, String body) {
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
    return request.build();
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

  private static String describe(IOException e) {
    String message = e.getMessage();
    String name = e.getClass().getSimpleName();
    if (message == null && e.getCause() != null) {
      message = e.getCause().toString();
    }
    return message == null ? name : name + ": " + message;
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
