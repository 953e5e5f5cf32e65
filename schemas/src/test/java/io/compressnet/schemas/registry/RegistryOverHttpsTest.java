package io.compressnet.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.schemas.avro.ImageEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
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
  private Path keyStore;
  private FakeRegistryServer server;

  @BeforeEach
  void startHttpsRegistry() throws Exception {
    keyStore = selfSignedKeyStore(dir);
    server = FakeRegistryServer.https("", serverContext(keyStore));
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

  private static Path selfSignedKeyStore(Path dir) throws Exception {
    Path file = dir.resolve("registry.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "registry",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-keystore",
                file.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return file;
  }

  private static SSLContext serverContext(Path file) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }
}
