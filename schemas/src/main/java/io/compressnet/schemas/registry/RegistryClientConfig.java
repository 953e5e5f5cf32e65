package io.compressnet.schemas.registry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.types.Password;

/**
 * How to reach a Schema Registry. {@link #toString()} masks the password, so a config can be logged
 * as is.
 *
 * @param url base URL, including any API prefix (Apicurio: {@code .../apis/ccompat/v7}); several
 *     URLs may be given comma-separated, they are tried in order when one cannot be reached
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or {@code null} for none
 *     (then credentials in the URL, {@code http://user:password@host}, are used if present)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout timeout of one whole request
 * @param cacheSize how many schemas and ids each client cache keeps
 * @param trustStore certificates trusted for an https:// registry, or {@code null} for the JVM's
 */
public record RegistryClientConfig(
    String url,
    String basicAuthUserInfo,
    Duration connectTimeout,
    Duration requestTimeout,
    int cacheSize,
    TrustStore trustStore) {

  /**
   * A trust store file (Confluent's {@code schema.registry.ssl.truststore.*} keys). {@link
   * #toString()} hides the password.
   *
   * @param location the file
   * @param password its password, or {@code null}
   * @param type {@code PKCS12} (default) or {@code JKS}
   */
  public record TrustStore(String location, String password, String type) {
    public TrustStore {
      Objects.requireNonNull(location, "location");
      type = type == null || type.isBlank() ? "PKCS12" : type.trim();
    }

    @Override
    public String toString() {
      return "TrustStore[location=" + location + ", type=" + type + ", password=****]";
    }
  }

  public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

  /** Without a trust store of its own: the JVM's default trust applies to https:// URLs. */
  public RegistryClientConfig(
      String url,
      String basicAuthUserInfo,
      Duration connectTimeout,
      Duration requestTimeout,
      int cacheSize) {
    this(url, basicAuthUserInfo, connectTimeout, requestTimeout, cacheSize, null);
  }

  public static final String URL = "schema.registry.url";
  public static final String BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";

  /** Confluent's own, unprefixed name for the same setting; accepted as a fallback. */
  public static final String CONFLUENT_BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
  public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
  public static final String CACHE_SIZE = "schema.registry.cache.size";

  public static final String DEFAULT_URL = "http://127.0.0.1:8081";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_CACHE_SIZE = 1000;

  public RegistryClientConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (basicAuthUserInfo != null && basicAuthUserInfo.isBlank()) {
      basicAuthUserInfo = null;
    }
    if (basicAuthUserInfo == null) {
      // Confluent's basic.auth.credentials.source=URL style: credentials in the URL itself.
      basicAuthUserInfo = userInfoInUrl(url);
    }
    if (basicAuthUserInfo != null && basicAuthUserInfo.indexOf(':') < 0) {
      throw new IllegalArgumentException(
          BASIC_AUTH_USER_INFO + " must be 'user:password' (no ':' found)");
    }
    if (cacheSize < 1) {
      throw new IllegalArgumentException("cacheSize must be >= 1, was " + cacheSize);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    for (String base : splitUrls(url)) {
      URI uri = URI.create(base);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException(
            URL + " must be an http:// or https:// URL, was " + redactUrl(base));
      }
    }
  }

  /** A config for {@code url} with no auth and default timeouts and cache size. */
  public static RegistryClientConfig of(String url) {
    return new RegistryClientConfig(
        url, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_CACHE_SIZE);
  }

  /** The same config with basic auth {@code user:password}. */
  public RegistryClientConfig withBasicAuth(String userInfo) {
    return new RegistryClientConfig(
        url, userInfo, connectTimeout, requestTimeout, cacheSize, trustStore);
  }

  /** The same config trusting the certificates in {@code store} for https:// URLs. */
  public RegistryClientConfig withTrustStore(TrustStore store) {
    return new RegistryClientConfig(
        url, basicAuthUserInfo, connectTimeout, requestTimeout, cacheSize, store);
  }

  /** The same config with other timeouts. */
  public RegistryClientConfig withTimeouts(Duration connect, Duration request) {
    return new RegistryClientConfig(
        url, basicAuthUserInfo, connect, request, cacheSize, trustStore);
  }

  /** The same config with another cache size. */
  public RegistryClientConfig withCacheSize(int size) {
    return new RegistryClientConfig(
        url, basicAuthUserInfo, connectTimeout, requestTimeout, size, trustStore);
  }

  /**
   * Reads {@value #URL} (default {@value #DEFAULT_URL}), {@value #BASIC_AUTH_USER_INFO} (or
   * Confluent's {@value #CONFLUENT_BASIC_AUTH_USER_INFO}), {@value #REQUEST_TIMEOUT_MS}, {@value
   * #CONNECT_TIMEOUT_MS} and {@value #CACHE_SIZE} from Kafka-style configs. Values may be strings,
   * numbers or Kafka {@link Password}s; other keys are ignored.
   */
  public static RegistryClientConfig fromProperties(Map<String, ?> props) {
    String url = string(props, URL);
    String userInfo = string(props, BASIC_AUTH_USER_INFO);
    if (userInfo == null) {
      userInfo = string(props, CONFLUENT_BASIC_AUTH_USER_INFO);
    }
    return new RegistryClientConfig(
        url == null || url.isBlank() ? DEFAULT_URL : url.trim(),
        userInfo,
        millis(props, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT),
        millis(props, REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT),
        (int) number(props, CACHE_SIZE, DEFAULT_CACHE_SIZE),
        trustStore(props));
  }

  private static TrustStore trustStore(Map<String, ?> props) {
    String location = string(props, SSL_TRUSTSTORE_LOCATION);
    if (location == null || location.isBlank()) {
      return null;
    }
    return new TrustStore(
        location.trim(),
        string(props, SSL_TRUSTSTORE_PASSWORD),
        string(props, SSL_TRUSTSTORE_TYPE));
  }

  /**
   * The base URLs in the order they are tried, without trailing slashes and without any {@code
   * user:password@} part (credentials travel in the Authorization header only).
   */
  public List<String> baseUrls() {
    return splitUrls(redactUrl(url));
  }

  /** {@code url} with any {@code user:password@} part removed, safe for logs and messages. */
  public String redactedUrl() {
    return redactUrl(url);
  }

  /** The basic-auth user name, or {@code null}; the password is never exposed this way. */
  public String basicAuthUser() {
    return basicAuthUserInfo == null
        ? null
        : basicAuthUserInfo.substring(0, basicAuthUserInfo.indexOf(':'));
  }

  @Override
  public String toString() {
    return "RegistryClientConfig[url="
        + redactedUrl()
        + ", basicAuth="
        + (basicAuthUserInfo == null ? "none" : basicAuthUser() + ":[hidden]")
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", cacheSize="
        + cacheSize
        + "]";
  }

  static String redactUrl(String url) {
    // Strip "user:password@" from every URL in a comma-separated list.
    return url.replaceAll("(?i)(https?://)[^/@,\\s]*@", "$1");
  }

  private static String userInfoInUrl(String url) {
    for (String base : splitUrls(url)) {
      String userInfo = URI.create(base).getUserInfo();
      if (userInfo != null && userInfo.indexOf(':') >= 0) {
        return userInfo;
      }
    }
    return null;
  }

  private static List<String> splitUrls(String url) {
    List<String> urls = new ArrayList<>();
    for (String part : url.split(",")) {
      String trimmed = part.trim();
      while (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      if (!trimmed.isEmpty()) {
        urls.add(trimmed);
      }
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(URL + " is empty");
    }
    return List.copyOf(urls);
  }

  private static String string(Map<String, ?> props, String key) {
    Object value = props.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Password password) {
      return password.value();
    }
    return value.toString();
  }

  private static long number(Map<String, ?> props, String key, long fallback) {
    String value = string(props, key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'", e);
    }
  }

  private static Duration millis(Map<String, ?> props, String key, Duration fallback) {
    return Duration.ofMillis(number(props, key, fallback.toMillis()));
  }
}
