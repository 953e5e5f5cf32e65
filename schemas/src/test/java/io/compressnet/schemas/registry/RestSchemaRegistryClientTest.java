package io.compressnet.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {
  private static final String PREFIX = "/apis/ccompat/v7";
  private static final Schema V1 = record("{\"name\": \"a\", \"type\": \"string\"}");
  private static final Schema V2_COMPATIBLE =
      record(
          "{\"name\": \"a\", \"type\": \"string\"},"
              + " {\"name\": \"b\", \"type\": \"int\", \"default\": 0}");
  private static final Schema V2_INCOMPATIBLE =
      record("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"b\", \"type\": \"int\"}");

  private FakeRegistryServer server;
  private RestSchemaRegistryClient client;

  @BeforeEach
  void startServer() throws IOException {
    server = new FakeRegistryServer(PREFIX);
    client = new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()));
  }

  @AfterEach
  void stopServer() {
    client.close();
    server.close();
  }

  @Test
  void shouldRegisterWithVendorContentTypeAndSchemaJsonBody() throws IOException {
    // When a schema is registered
    int id = client.register("images.raw-value", V1);

    // Then it went to the versions resource, under the URL's prefix, as {"schema": "..."}
    FakeRegistryServer.Request request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/subjects/images.raw-value/versions");
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText())
        .isEqualTo(V1.toString());
    assertThat(request.authorization()).isNull();
    assertThat(server.backend().getById(id)).isEqualTo(V1);
  }

  @Test
  void shouldLookUpGetAndListWhatWasRegistered() {
    // Given two versions of a subject
    int first = client.register("s-value", V1);
    int second = client.register("s-value", V2_COMPATIBLE);
    RestSchemaRegistryClient fresh =
        new RestSchemaRegistryClient(RegistryClientConfig.of(server.url()));

    // When a client with empty caches asks about them
    // Then lookups, fetch by id, latest and the subject list agree with the registry
    assertThat(fresh.lookupId("s-value", V1)).isEqualTo(first);
    assertThat(fresh.getById(second)).isEqualTo(V2_COMPATIBLE);
    assertThat(fresh.getLatest("s-value"))
        .isEqualTo(new RegisteredSchema("s-value", second, 2, V2_COMPATIBLE));
    assertThat(fresh.subjects()).containsExactly("s-value");
  }

  @Test
  void shouldCacheIdsAndSchemasBothWays() {
    // Given a registered schema
    int id = client.register("s-value", V1);

    // When the same questions are asked again
    client.register("s-value", V1);
    client.lookupId("s-value", V1);
    Schema byId = client.getById(id);

    // Then only the first registration went over the wire
    assertThat(byId).isEqualTo(V1);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void shouldSendBasicAuthHeader() {
    // Given a registry that demands alice's credentials
    server.requireAuthorization(basic("alice:s3cret"));
    RestSchemaRegistryClient authed =
        new RestSchemaRegistryClient(
            RegistryClientConfig.of(server.url()).withBasicAuth("alice:s3cret"));

    // When a call is made
    authed.subjects();

    // Then it carried the Basic header
    assertThat(server.requests().get(0).authorization()).isEqualTo(basic("alice:s3cret"));
  }

  @Test
  void shouldThrowAuthExceptionOn401WithoutRevealingThePassword() {
    // Given a registry that demands other credentials
    server.requireAuthorization(basic("alice:s3cret"));
    RestSchemaRegistryClient wrong =
        new RestSchemaRegistryClient(
            RegistryClientConfig.of(server.url()).withBasicAuth("alice:wrong-pw"));

    // When / Then
    assertThatThrownBy(wrong::subjects)
        .isInstanceOf(RegistryAuthException.class)
        .hasMessageContaining("Not authenticated with user alice")
        .hasMessageContaining(server.url())
        .hasMessageNotContaining("wrong-pw")
        .satisfies(e -> assertThat(((RegistryAuthException) e).httpStatus()).isEqualTo(401));
  }

  @Test
  void shouldThrowAuthExceptionOn403() {
    // Given a registry that forbids reading subjects
    server.answer(
        "/subjects",
        403,
        "{\"error_code\": 40301, \"message\": \"User cannot access the resource.\"}");

    // When / Then
    assertThatThrownBy(client::subjects)
        .isInstanceOf(RegistryAuthException.class)
        .hasMessageContaining("Not authorized with no credentials")
        .hasMessageContaining("User cannot access the resource.");
  }

  @Test
  void shouldSaySubjectNotFoundOn404() {
    // When / Then asking for the latest version of a subject that does not exist
    assertThatThrownBy(() -> client.getLatest("missing-value"))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageStartingWith("Subject not found")
        .hasMessageContaining("missing-value")
        .satisfies(e -> assertThat(((SchemaNotFoundException) e).errorCode()).isEqualTo(40401));
  }

  @Test
  void shouldSaySchemaNotFoundOn404ForUnknownId() {
    // When / Then
    assertThatThrownBy(() -> client.getById(99))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageStartingWith("Schema not found")
        .hasMessageContaining("/schemas/ids/99");
  }

  @Test
  void shouldSaySchemaNotFoundWhenLookingUpUnregisteredSchema() {
    // Given a subject holding another schema
    client.register("s-value", V1);

    // When / Then
    assertThatThrownBy(() -> client.lookupId("s-value", V2_COMPATIBLE))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageStartingWith("Schema not found")
        .hasMessageContaining("s-value");
  }

  @Test
  void shouldIncludeRegistryMessageOn409() {
    // Given a subject whose latest version the new schema cannot read
    client.register("s-value", V1);

    // When / Then
    assertThatThrownBy(() -> client.register("s-value", V2_INCOMPATIBLE))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("incompatible with an earlier schema for subject \"s-value\"")
        .hasMessageContaining("READER_FIELD_MISSING_DEFAULT")
        .hasMessageContaining("HTTP 409");
  }

  @Test
  void shouldTreatAlreadyExistsRaceAsSuccess() {
    // Given another instance registered the schema a moment ago, and the registry answers this
    // instance's concurrent registration with Apicurio's 409 "already exists"
    int winner = server.backend().register("s-value", V1);
    server.answer(
        "/subjects/s-value/versions",
        409,
        "{\"error_code\": 409, \"message\": \"Artifact already exists: s-value\"}");

    // When
    int id = client.register("s-value", V1);

    // Then the registered schema's id is used
    assertThat(id).isEqualTo(winner);
  }

  @Test
  void shouldStillRefuseAnIncompatibleSchemaThatIsNotRegistered() {
    server.answer(
        "/subjects/s-value/versions",
        409,
        "{\"error_code\": 409, \"message\": \"Incompatible artifact: s-value\"}");
    assertThatThrownBy(() -> client.register("s-value", V2_INCOMPATIBLE))
        .isInstanceOf(IncompatibleSchemaException.class);
  }

  @Test
  void shouldParseApicurioStyle409Body() {
    // Given an Apicurio-style refusal: error_code equal to the status, extra fields
    server.answer(
        "/subjects/s-value/versions",
        409,
        "{\"error_code\": 409, \"message\": \"Incompatible artifact: s-value\", \"detail\": \"x\"}");

    // When / Then
    assertThatThrownBy(() -> client.register("s-value", V1))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("Incompatible artifact: s-value");
  }

  @Test
  void shouldAcceptSchemaTypeFieldInResponses() {
    // Given an Apicurio-style answer with schemaType and references
    server.answer(
        "/schemas/ids/7",
        200,
        new ObjectMapper()
            .createObjectNode()
            .put("schema", V1.toString())
            .put("schemaType", "AVRO")
            .set("references", new ObjectMapper().createArrayNode())
            .toString());

    // When / Then
    assertThat(client.getById(7)).isEqualTo(V1);
  }

  @Test
  void shouldRefuseNonAvroSchema() {
    // Given a Protobuf schema under id 8
    server.answer(
        "/schemas/ids/8",
        200,
        "{\"schema\": \"syntax = \\\"proto3\\\";\", \"schemaType\": \"PROTOBUF\"}");

    // When / Then
    assertThatThrownBy(() -> client.getById(8))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("is a PROTOBUF schema, not Avro");
  }

  @Test
  void shouldNameUrlWhenConnectionIsRefused() throws IOException {
    // Given a port nobody listens on
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    RestSchemaRegistryClient nowhere =
        new RestSchemaRegistryClient(RegistryClientConfig.of("http://127.0.0.1:" + port + PREFIX));

    // When / Then
    assertThatThrownBy(() -> nowhere.getById(1))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("http://127.0.0.1:" + port + PREFIX)
        .hasMessageContaining("unreachable");
  }

  @Test
  void shouldTimeOutOnSlowRegistry() {
    // Given a registry slower than the request timeout
    server.delayEveryAnswer(Duration.ofSeconds(2));
    RestSchemaRegistryClient impatient =
        new RestSchemaRegistryClient(
            RegistryClientConfig.of(server.url())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200)));

    // When / Then
    assertThatThrownBy(impatient::subjects)
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("did not answer GET /subjects in time")
        .hasMessageContaining(server.url());
  }

  @Test
  void shouldTreat503AsUnavailable() {
    // Given a registry that is up but not ready
    server.answer("/subjects", 503, "<html>Service Unavailable</html>");

    // When / Then the non-JSON body is quoted
    assertThatThrownBy(client::subjects)
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("<html>Service Unavailable</html>")
        .hasMessageContaining("HTTP 503");
  }

  @Test
  void shouldFailOverToNextUrlWhenFirstIsUnreachable() throws IOException {
    // Given a URL list whose first entry refuses connections
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    RestSchemaRegistryClient failover =
        new RestSchemaRegistryClient(
            RegistryClientConfig.of("http://127.0.0.1:" + port + "," + server.url()));

    // When / Then the second registry answers
    assertThat(failover.register("s-value", V1))
        .isEqualTo(server.backend().lookupId("s-value", V1));
  }

  @Test
  void shouldReportCompatibilityAgainstLatestVersion() {
    // Given nothing registered yet: any schema is compatible with an absent subject
    assertThat(client.isCompatible("s-value", V1)).isTrue();

    // When the subject holds V1
    client.register("s-value", V1);

    // Then a field with a default is compatible and one without is not
    assertThat(client.isCompatible("s-value", V2_COMPATIBLE)).isTrue();
    assertThat(client.isCompatible("s-value", V2_INCOMPATIBLE)).isFalse();
    assertThat(server.requests().get(0).path())
        .isEqualTo("/compatibility/subjects/s-value/versions/latest");
  }

  @Test
  void shouldNotTakeA404WithoutSubjectErrorCodeAsCompatible() {
    // Given a wrong base URL: the compatibility resource answers a plain 404
    server.answer("/compatibility/subjects/s-value/versions/latest", 404, "Not Found");

    // When / Then
    assertThatThrownBy(() -> client.isCompatible("s-value", V1))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageContaining("Not Found");
  }

  @Test
  void shouldSetAndGetCompatibilityPerSubjectAndGlobally() {
    // When the global and one subject's level are set
    client.setCompatibility(null, "FULL");
    client.setCompatibility("s-value", "NONE");

    // Then each is read back, and other subjects fall back to the global level
    assertThat(client.getCompatibility(null)).isEqualTo("FULL");
    assertThat(client.getCompatibility("s-value")).isEqualTo("NONE");
    assertThat(client.getCompatibility("other-value")).isEqualTo("FULL");
    assertThat(server.requests().get(1).method()).isEqualTo("PUT");
    assertThat(server.requests().get(1).path()).isEqualTo("/config/s-value");
  }

  @Test
  void shouldFallBackToGlobalLevelWhenSubjectConfigIs404() {
    // Given a registry that answers 404 for a subject without its own level
    server.answer(
        "/config/s-value", 404, "{\"error_code\": 40408, \"message\": \"no subject config\"}");

    // When / Then the global level (the fake's default, BACKWARD) is returned
    assertThat(client.getCompatibility("s-value")).isEqualTo("BACKWARD");
  }

  @Test
  void shouldFallBackToGlobalLevelWhenApicurioSaysTheSubjectDoesNotExist() {
    // Given Apicurio's answer for a subject that has no versions yet
    server.answer(
        "/config/new-value", 404, "{\"error_code\": 40401, \"message\": \"No artifact\"}");
    client.setCompatibility(null, "FULL");

    // When / Then
    assertThat(client.getCompatibility("new-value")).isEqualTo("FULL");
  }

  @Test
  void shouldSignalAForbiddenConfigReadAsAnAuthFailure() {
    // Given an account that may not read configuration
    server.answer("/config", 403, "{\"error_code\": 40301, \"message\": \"denied\"}");

    // When / Then
    assertThatThrownBy(() -> client.getCompatibility(null))
        .isInstanceOf(RegistryAuthException.class)
        .hasMessageContaining("Not authorized")
        .hasMessageContaining("denied");
  }

  @Test
  void shouldEscapeSubjectInPath() {
    // When a subject with a space and a slash is used
    client.register("odd subject/value", V1);

    // Then it arrives as one encoded path segment
    assertThat(server.requests().get(0).path())
        .isEqualTo("/subjects/odd%20subject%2Fvalue/versions");
    assertThat(server.backend().subjects()).containsExactly("odd subject/value");
  }

  private static String basic(String userInfo) {
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  private static Schema record(String fields) {
    return new Schema.Parser()
        .parse("{\"type\": \"record\", \"name\": \"R\", \"fields\": [" + fields + "]}");
  }
}
