package io.compressnet.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.compressnet.schemas.avro.ImageEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local registry enforces BACKWARD on its own, for any client: these tests speak plain HTTP to
 * the Confluent API (not the project's client) on a subject that has no level of its own.
 */
@ExtendWith(DevStackExtension.class)
class RegistryCompatibilityEndToEndTest {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldReportBackwardAsTheGlobalDefault(DevStack stack) throws Exception {
    // When
    HttpResponse<String> config = send("GET", stack.registryUrl() + "/config", null);

    // Then
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(config.body()).get("compatibilityLevel").asText())
        .isEqualTo("BACKWARD");
  }

  @Test
  void shouldRefuseBreakingImageEventUnderBackward(DevStack stack) throws Exception {
    // Given a fresh subject (no level of its own) holding today's ImageEvent
    String subject = "images.raw-" + UUID.randomUUID() + "-value";
    String versions = stack.registryUrl() + "/subjects/" + subject + "/versions";
    HttpResponse<String> first = send("POST", versions, body(ImageEvent.getClassSchema()));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

    // When an ImageEvent that drops label and adds a required int field is registered
    HttpResponse<String> breaking = send("POST", versions, body(breakingImageEvent()));

    // Then it is refused and the subject still has one version
    assertThat(breaking.statusCode()).as(breaking.body()).isEqualTo(409);
    HttpResponse<String> listed = send("GET", versions, null);
    assertThat(JSON.readTree(listed.body()).toString()).isEqualTo("[1]");
  }

  /** ImageEvent without {@code label} and with a new required {@code exposureMs}. */
  static Schema breakingImageEvent() throws Exception {
    var schema = (ObjectNode) JSON.readTree(ImageEvent.getClassSchema().toString());
    var fields = (ArrayNode) schema.get("fields");
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).get("name").asText().equals("label")) {
        fields.remove(i);
        break;
      }
    }
    fields.addObject().put("name", "exposureMs").put("type", "int");
    return new Schema.Parser().parse(schema.toString());
  }

  private static String body(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  private HttpResponse<String> send(String method, String url, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
