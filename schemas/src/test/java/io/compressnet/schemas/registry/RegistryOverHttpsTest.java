package io.compressnet.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.tls.SelfSignedCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client against a real HTTPS server that enforces basic auth: a certificate made with
 * the JDK's keytool, trusted through Confluent's {@code schema.registry.ssl.truststore.*} keys,
 * credentials through {@code basic.auth.user.info}.
 */
class RegistryOverHttpsTest {
  private static final String PASSWORD = "store-secret-1";

  @TempDir Path dir;

  /** The trust store the client is given (the certificate alone). */
  private Path keyStore;

  private FakeRegistryServer server;

  @BeforeEach
  void startHttpsRegistry() throws Exception {
    SelfSignedCertificates certificates = SelfSignedCertificates.create(dir, "registry", PASSWORD);
    keyStore = certificates.trustStore();
    server = FakeRegistryServer.https("", certificates.serverContext());
    server.requireAuthorization(
        "Basic "
            + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldRegisterOverHttpsWithBasicAuthFromKafkaStyleConfigs() {
    // Given
    RegistryClientConfig config =
        RegistryClientConfig.fromProperties(
            Map.of(
                "schema.registry.url",
                server.url(),
                "basic.auth.user.info",
                "ops:s3cret",
                "schema.registry.ssl.truststore.location",
                keyStore.toString(),
                "schema.registry.ssl.truststore.password",
                PASSWORD,
                "schema.registry.ssl.truststore.type",
                "PKCS12"));

    // When
    int id;
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(config)) {
      id = client.register("images.raw-value", ImageEvent.getClassSchema());
    }

    // Then
    assertThat(server.url()).startsWith("https://");
    assertThat(server.backend().getById(id)).isEqualTo(ImageEvent.getClassSchema());
    assertThat(config.toString()).doesNotContain(PASSWORD).doesNotContain("s3cret");
  }

  @Test
  void shouldRefuseWrongCredentialsOverHttpsWithoutRevealingThem() {
    RegistryClientConfig config =
        RegistryClientConfig.of(server.url())
            .withBasicAuth("ops:guess")
            .withTrustStore(
                new RegistryClientConfig.TrustStore(keyStore.toString(), PASSWORD, null));
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(config)) {
      assertThatThrownBy(client::subjects)
          .isInstanceOf(RegistryAuthException.class)
          .hasMessageNotContaining("guess");
    }
  }

  @Test
  void shouldRefuseARegistryWhoseCertificateIsNotTrusted() {
    // The JVM's default trust store does not know the self-signed certificate.
    try (RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            RegistryClientConfig.of(server.url()).withBasicAuth("ops:s3cret"))) {
      assertThatThrownBy(client::subjects).hasMessageContaining(server.url());
    }
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void shouldNameTheSettingWhenTheTrustStoreCannotBeRead() {
    RegistryClientConfig config =
        RegistryClientConfig.of(server.url())
            .withTrustStore(
                new RegistryClientConfig.TrustStore(
                    dir.resolve("none.p12").toString(), null, null));
    assertThatThrownBy(() -> new RestSchemaRegistryClient(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema.registry.ssl.truststore.location");
  }
}
