package io.compressnet.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.monitor.dashboard.DashboardSecurity;
import io.compressnet.monitor.dashboard.DashboardServer;
import io.compressnet.schemas.tls.SelfSignedCertificates;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's optional basic auth and HTTPS, against a real server and HTTP client. */
class DashboardSecurityTest {
  private static final String STORE_PASSWORD = "store-secret-1";
  private static final List<String> PATHS = List.of("/", "/api/summary", "/metrics");

  private final PrometheusMeterRegistry prometheus =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void shouldRefuseEveryPathWithoutTheRightCredentialsWhenBasicAuthIsOn() throws Exception {
    // Given
    DashboardSecurity security =
        new DashboardSecurity(
            Optional.of(new DashboardSecurity.BasicAuth("ops", "s3cret")), Optional.empty());
    HttpClient http = HttpClient.newHttpClient();
    try (DashboardServer server = start(security)) {
      String base = "http://127.0.0.1:" + server.port();
      for (String path : PATHS) {
        // When
        int none = status(http, base + path, null);
        int wrong = status(http, base + path, "ops:guess");
        int wrongUser = status(http, base + path, "admin:s3cret");
        int right = status(http, base + path, "ops:s3cret");

        // Then
        assertThat(List.of(none, wrong, wrongUser, right))
            .as(path)
            .containsExactly(401, 401, 401, 200);
      }
      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/summary")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
      assertThat(refused.body()).doesNotContain("count");
    }
  }

  @Test
  void shouldServeHttpsFromTheKeyStoreAndNotPlainHttp(@TempDir Path dir) throws Exception {
    // Given a self-signed certificate for 127.0.0.1 in a PKCS12 key store
    SelfSignedCertificates certificates =
        SelfSignedCertificates.create(dir, "dashboard", STORE_PASSWORD);
    DashboardSecurity security =
        new DashboardSecurity(
            Optional.empty(),
            Optional.of(
                new DashboardSecurity.Tls(certificates.keyStore(), STORE_PASSWORD, "PKCS12")));
    HttpClient trusting = HttpClient.newBuilder().sslContext(certificates.clientContext()).build();
    try (DashboardServer server = start(security)) {
      // When
      int https = status(trusting, "https://127.0.0.1:" + server.port() + "/api/summary", null);
      Throwable untrusted =
          catchFailure(
              HttpClient.newHttpClient(), "https://127.0.0.1:" + server.port() + "/api/summary");
      int plain = statusOrZero(trusting, "http://127.0.0.1:" + server.port() + "/api/summary");

      // Then
      assertThat(server.isHttps()).isTrue();
      assertThat(https).isEqualTo(200);
      assertThat(untrusted).isNotNull(); // the default trust store does not know the certificate
      assertThat(plain).isNotEqualTo(200);
    }
  }

  @Test
  void shouldRefuseAUserWithoutAPasswordAndAKeyStoreThatIsMissing(@TempDir Path dir) {
    MonitorConfig defaults = MonitorConfig.defaultConfig();
    assertThat(defaults.dashboardSecurity().isOff()).isTrue();
    assertThatThrownBy(() -> defaults.with(MonitorConfig.DASHBOARD_AUTH_USER, "ops"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be set together");
    assertThatThrownBy(
            () ->
                defaults
                    .with(MonitorConfig.DASHBOARD_TLS_KEYSTORE_PASSWORD, STORE_PASSWORD)
                    .with(MonitorConfig.DASHBOARD_TLS_KEYSTORE, dir.resolve("none.p12")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void shouldReadTheKeyStoreTypeInAnyCaseAndKeepPasswordsOutOfTheMessages(@TempDir Path dir)
      throws Exception {
    // Given a PKCS12 key store named in lower case
    SelfSignedCertificates certificates =
        SelfSignedCertificates.create(dir, "dashboard", STORE_PASSWORD);
    MonitorConfig tls =
        MonitorConfig.defaultConfig()
            .with(MonitorConfig.DASHBOARD_TLS_KEYSTORE_PASSWORD, STORE_PASSWORD)
            .with(MonitorConfig.DASHBOARD_TLS_KEYSTORE, certificates.keyStore())
            .with(MonitorConfig.DASHBOARD_TLS_KEYSTORE_TYPE, "pkcs12");

    // Then it is read, as the JDK names it
    assertThat(tls.dashboardSecurity().tls())
        .hasValueSatisfying(t -> assertThat(t.type()).isEqualTo("PKCS12"));
    // and a password without its user is refused without the password in the message
    assertThatThrownBy(() -> tls.with(MonitorConfig.DASHBOARD_AUTH_PASSWORD, "s3cret"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MonitorConfig.DASHBOARD_AUTH_PASSWORD)
        .hasMessageContaining("must be set together")
        .hasMessageNotContaining("s3cret")
        .hasMessageNotContaining(STORE_PASSWORD);
    // and a type the JDK server cannot use is refused at load
    assertThatThrownBy(() -> tls.with(MonitorConfig.DASHBOARD_TLS_KEYSTORE_TYPE, "PKCS11"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MonitorConfig.DASHBOARD_TLS_KEYSTORE_TYPE)
        .hasMessageContaining("JKS, PKCS12");
  }

  @Test
  void shouldMaskTheDashboardPasswordsWhenTheConfigIsShown() {
    MonitorConfig config =
        MonitorConfig.load(
            Map.of(
                "COMPRESSNET_DASHBOARD_AUTH_USER", "ops",
                "COMPRESSNET_DASHBOARD_AUTH_PASSWORD", "s3cret"),
            null);
    assertThat(config.serviceConfig().toMaskedString()).doesNotContain("s3cret").contains("ops");
    assertThat(config.dashboardSecurity().toString()).doesNotContain("s3cret");
  }

  private DashboardServer start(DashboardSecurity security) {
    return DashboardServer.start(
        new MonitorStats(), prometheus, Map.of(), "127.0.0.1", 0, security);
  }

  private static int status(HttpClient http, String url, String userInfo) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (userInfo != null) {
      String token = Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
      request.header("Authorization", "Basic " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static int statusOrZero(HttpClient http, String url) {
    try {
      return status(http, url, null);
    } catch (Exception e) {
      return 0;
    }
  }

  private static Throwable catchFailure(HttpClient http, String url) {
    try {
      status(http, url, null);
      return null;
    } catch (Exception e) {
      return e;
    }
  }
}
