package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.registry.IncompatibleSchemaException;
import io.compressnet.schemas.registry.RegisteredSchema;
import io.compressnet.schemas.registry.RegistryAuthException;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.streams.SchemaGovernance.Finding;
import io.compressnet.streams.SchemaGovernance.Kind;
import io.compressnet.streams.SchemaGovernance.Output;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaGovernanceTest {

  private static final String SUBJECT = "images.latent-value";
  private static final Schema V1 = record("{\"name\": \"a\", \"type\": \"int\"}");
  private static final Schema V2_BREAKING = record("{\"name\": \"b\", \"type\": \"int\"}");
  private static final List<Output> OUTPUTS = List.of(new Output(SUBJECT, V1));

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  @Test
  void shouldWarnNamingTheSubjectWhenItsLevelIsNone() {
    // Given a subject with its own level NONE under a BACKWARD registry
    registry.register(SUBJECT, V1);
    registry.setCompatibility(SUBJECT, "NONE");

    // When
    List<Finding> findings = SchemaGovernance.prepare(registry, OUTPUTS, true, "BACKWARD");

    // Then one warning, naming the subject and the settings to change; the level is not touched
    assertThat(warnings(findings))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.subject()).isEqualTo(SUBJECT);
              assertThat(f.kind()).isEqualTo(Kind.NONE_LEVEL);
              assertThat(f.message())
                  .contains("Subject " + SUBJECT + " has Schema Registry compatibility NONE")
                  .contains("PUT /config/" + SUBJECT)
                  .contains("compressnet init");
            });
    assertThat(registry.getCompatibility(SUBJECT)).isEqualTo("NONE");
  }

  @Test
  void shouldWarnWhenTheGlobalLevelIsNoneAndAutoRegistrationIsOff() {
    // Given a fresh registry whose default is NONE
    registry.setCompatibility(null, "NONE");

    // When a service that does not register starts
    List<Finding> findings = SchemaGovernance.prepare(registry, OUTPUTS, false, "BACKWARD");

    // Then the global level and the subject that will inherit it are both reported
    assertThat(warnings(findings))
        .extracting(Finding::subject, Finding::kind)
        .containsExactly(tuple(null, Kind.NONE_LEVEL), tuple(SUBJECT, Kind.NONE_LEVEL));
    assertThat(warnings(findings).get(0).message()).contains("global compatibility is NONE");
    assertThat(registry.subjects()).isEmpty();
  }

  @Test
  void shouldSetTheConfiguredLevelOnASubjectItCreates() {
    // Given a registry whose default is NONE
    registry.setCompatibility(null, "NONE");

    // When the service creates its subject
    List<Finding> findings = SchemaGovernance.prepare(registry, OUTPUTS, true, "BACKWARD");

    // Then the subject holds the schema under BACKWARD, so a breaking change is refused
    assertThat(findings)
        .filteredOn(f -> SUBJECT.equals(f.subject()))
        .extracting(Finding::kind)
        .containsExactly(Kind.CREATED, Kind.LEVEL_SET, Kind.ENFORCED);
    assertThat(registry.getCompatibility(SUBJECT)).isEqualTo("BACKWARD");
    assertThatThrownBy(() -> registry.register(SUBJECT, V2_BREAKING))
        .isInstanceOf(IncompatibleSchemaException.class);
  }

  @Test
  void shouldLeaveANewSubjectOnTheGlobalLevelWhenToldToInherit() {
    // Given a registry whose default is FULL
    registry.setCompatibility(null, "FULL");

    // When
    List<Finding> findings =
        SchemaGovernance.prepare(registry, OUTPUTS, true, SchemaGovernance.INHERIT);

    // Then no level of its own was set
    assertThat(findings).extracting(Finding::kind).doesNotContain(Kind.LEVEL_SET);
    assertThat(warnings(findings)).isEmpty();
    registry.setCompatibility(null, "NONE");
    assertThat(registry.getCompatibility(SUBJECT)).isEqualTo("NONE");
  }

  @Test
  void shouldNotChangeTheLevelOfASubjectThatAlreadyExists() {
    // Given an existing subject on FULL
    registry.register(SUBJECT, V1);
    registry.setCompatibility(SUBJECT, "FULL");

    // When
    List<Finding> findings = SchemaGovernance.prepare(registry, OUTPUTS, true, "BACKWARD");

    // Then
    assertThat(registry.getCompatibility(SUBJECT)).isEqualTo("FULL");
    assertThat(findings)
        .filteredOn(f -> SUBJECT.equals(f.subject()))
        .extracting(Finding::kind)
        .containsExactly(Kind.ENFORCED);
  }

  @Test
  void shouldTakeAReportedNoneThatRefusesABreakingSchemaAsInherited() {
    // Given Apicurio's behaviour: a subject without its own rule reports NONE, the global applies
    registry.register(SUBJECT, V1);
    SchemaRegistryClient apicurioLike =
        new Forwarding(registry) {
          @Override
          public String getCompatibility(String subject) {
            return subject == null ? "BACKWARD" : "NONE";
          }
        };

    // When
    List<Finding> findings = SchemaGovernance.prepare(apicurioLike, OUTPUTS, true, "BACKWARD");

    // Then no warning: the registry refuses breaking schemas there
    assertThat(warnings(findings)).isEmpty();
    assertThat(findings)
        .filteredOn(f -> SUBJECT.equals(f.subject()))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("inherits BACKWARD"));
  }

  @Test
  void shouldReportLevelsItMayNotReadOrSetInsteadOfFailing() {
    // Given an account that may register schemas but not read or write configuration
    SchemaRegistryClient restricted =
        new Forwarding(registry) {
          @Override
          public String getCompatibility(String subject) {
            throw new RegistryAuthException("Not authorized with user svc", 403, 40301);
          }

          @Override
          public void setCompatibility(String subject, String level) {
            throw new RegistryAuthException("Not authorized with user svc", 403, 40301);
          }
        };

    // When
    List<Finding> findings = SchemaGovernance.prepare(restricted, OUTPUTS, true, "BACKWARD");

    // Then the schema is registered and every unchecked item is a clear warning
    assertThat(registry.subjects()).containsExactly(SUBJECT);
    assertThat(warnings(findings))
        .extracting(Finding::kind)
        .containsOnly(Kind.NOT_CHECKED)
        .hasSize(3);
    assertThat(warnings(findings).get(0).message())
        .startsWith("Could not check the global compatibility level (this account may not read it");
    assertThat(warnings(findings).get(1).message())
        .startsWith("Not allowed to set compatibility BACKWARD on new subject " + SUBJECT);
  }

  @Test
  void shouldFailWhenTheRegistryRefusesTheOutputSchema() {
    // Given the subject holds a schema today's cannot follow under BACKWARD
    registry.register(SUBJECT, V2_BREAKING);

    // When / Then
    assertThatThrownBy(() -> SchemaGovernance.prepare(registry, OUTPUTS, true, "BACKWARD"))
        .isInstanceOf(IncompatibleSchemaException.class);
  }

  @Test
  void shouldRefuseAnUnknownLevelSetting() {
    assertThat(SchemaGovernance.parseLevel(" backward ")).isEqualTo("BACKWARD");
    assertThat(SchemaGovernance.parseLevel("inherit")).isEqualTo("INHERIT");
    assertThatThrownBy(() -> SchemaGovernance.parseLevel("SIDEWAYS"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compressnet.schema.compatibility");
  }

  private static List<Finding> warnings(List<Finding> findings) {
    return findings.stream()
        .filter(f -> f.kind() == Kind.NONE_LEVEL || f.kind() == Kind.NOT_CHECKED)
        .toList();
  }

  private static Schema record(String field) {
    return new Schema.Parser()
        .parse("{\"type\": \"record\", \"name\": \"R\", \"fields\": [" + field + "]}");
  }

  /** Passes every call on; tests override what they change. */
  private static class Forwarding implements SchemaRegistryClient {
    private final SchemaRegistryClient delegate;

    Forwarding(SchemaRegistryClient delegate) {
      this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
      return delegate.register(subject, schema);
    }

    @Override
    public int lookupId(String subject, Schema schema) {
      return delegate.lookupId(subject, schema);
    }

    @Override
    public Schema getById(int id) {
      return delegate.getById(id);
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
      return delegate.getLatest(subject);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
      return delegate.isCompatible(subject, schema);
    }

    @Override
    public String getCompatibility(String subject) {
      return delegate.getCompatibility(subject);
    }

    @Override
    public void setCompatibility(String subject, String level) {
      delegate.setCompatibility(subject, level);
    }

    @Override
    public List<String> subjects() {
      return delegate.subjects();
    }

    @Override
    public void close() {}
  }
}
