package io.compressnet.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {
  private static final Schema A = record("{\"name\": \"a\", \"type\": \"string\"}");
  private static final Schema A_B_DEFAULT =
      record(
          "{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"b\", \"type\": \"int\", \"default\": 0}");
  private static final Schema A_B =
      record("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"b\", \"type\": \"int\"}");
  private static final Schema B = record("{\"name\": \"b\", \"type\": \"int\"}");

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  @Test
  void shouldShareIdsAcrossSubjectsAndNotDuplicateVersions() {
    // When the same schema is registered twice under one subject and once under another
    int first = registry.register("x-value", A);
    int again = registry.register("x-value", A);
    int elsewhere = registry.register("y-value", A);

    // Then it has one global id and one version
    assertThat(first).isEqualTo(1).isEqualTo(again).isEqualTo(elsewhere);
    assertThat(registry.getLatest("x-value")).isEqualTo(new RegisteredSchema("x-value", 1, 1, A));
    assertThat(registry.subjects()).containsExactly("x-value", "y-value");
  }

  @Test
  void shouldAddVersionForBackwardCompatibleSchema() {
    // Given
    registry.register("x-value", A);

    // When
    int id = registry.register("x-value", A_B_DEFAULT);

    // Then
    assertThat(registry.getLatest("x-value"))
        .isEqualTo(new RegisteredSchema("x-value", id, 2, A_B_DEFAULT));
    assertThat(registry.lookupId("x-value", A)).isEqualTo(1);
  }

  @Test
  void shouldRefuseBackwardIncompatibleSchemaByDefault() {
    // Given
    registry.register("x-value", A);

    // When / Then
    assertThat(registry.isCompatible("x-value", A_B)).isFalse();
    assertThatThrownBy(() -> registry.register("x-value", A_B))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("subject \"x-value\" under BACKWARD")
        .hasMessageContaining("READER_FIELD_MISSING_DEFAULT");
    assertThat(registry.getLatest("x-value").version()).isEqualTo(1);
  }

  @Test
  void shouldAllowAnythingUnderNone() {
    // Given
    registry.register("x-value", A);
    registry.setCompatibility("x-value", "none");

    // When
    registry.register("x-value", B);

    // Then
    assertThat(registry.getLatest("x-value").schema()).isEqualTo(B);
    assertThat(registry.getCompatibility("x-value")).isEqualTo("NONE");
    assertThat(registry.getCompatibility("other")).isEqualTo("BACKWARD");
  }

  @Test
  void shouldCheckForwardCompatibility() {
    // Given a subject under FORWARD: old readers must read new data
    registry.setCompatibility("x-value", "FORWARD");
    registry.register("x-value", A_B);

    // When / Then dropping a field old readers need without default is refused, adding one is fine
    assertThat(registry.isCompatible("x-value", B)).isFalse();
    assertThat(registry.isCompatible("x-value", A)).isFalse();
    assertThat(
            registry.isCompatible(
                "x-value",
                record(
                    "{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"b\", \"type\": \"int\"},"
                        + " {\"name\": \"c\", \"type\": \"int\"}")))
        .isTrue();
  }

  @Test
  void shouldCheckAllVersionsWhenTransitive() {
    // Given A then B under NONE, then BACKWARD_TRANSITIVE
    registry.setCompatibility("x-value", "NONE");
    registry.register("x-value", A);
    registry.register("x-value", B);
    registry.setCompatibility("x-value", "BACKWARD_TRANSITIVE");
    Schema bAndC =
        record(
            "{\"name\": \"b\", \"type\": \"int\"},"
                + " {\"name\": \"c\", \"type\": \"int\", \"default\": 0}");

    // When / Then a schema readable against the latest but not the first version is refused
    assertThat(registry.isCompatible("x-value", bAndC)).isFalse();
    registry.setCompatibility("x-value", "BACKWARD");
    assertThat(registry.isCompatible("x-value", bAndC)).isTrue();
  }

  @Test
  void shouldSayWhatIsNotFound() {
    registry.register("x-value", A);

    assertThatThrownBy(() -> registry.getById(42))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessage("Schema id 42 not found");
    assertThatThrownBy(() -> registry.getLatest("nope"))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessage("Subject \"nope\" not found");
    assertThatThrownBy(() -> registry.lookupId("x-value", B))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessage("Schema not found under subject \"x-value\"");
  }

  @Test
  void shouldRejectUnknownCompatibilityLevel() {
    assertThatThrownBy(() -> registry.setCompatibility(null, "SIDEWAYS"))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("Invalid compatibility level SIDEWAYS");
  }

  @Test
  void shouldTreatAbsentSubjectAsCompatible() {
    assertThat(registry.isCompatible("new-value", A)).isTrue();
  }

  private static Schema record(String fields) {
    return new Schema.Parser()
        .parse("{\"type\": \"record\", \"name\": \"R\", \"fields\": [" + fields + "]}");
  }
}
