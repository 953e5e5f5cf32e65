package io.compressnet.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API that CompressNet needs. Implementations must
 * behave the same against Confluent Schema Registry and Apicurio's ccompat API.
 *
 * <p>Failures are {@link SchemaRegistryException}s: {@link RegistryUnavailableException} when the
 * registry cannot be reached, {@link RegistryAuthException} on 401/403, {@link
 * SchemaNotFoundException} when a subject, version or id does not exist and {@link
 * IncompatibleSchemaException} when the registry refuses a schema under the subject's compatibility
 * level.
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /** The compatibility levels of the Schema Registry API, as its config endpoints spell them. */
  List<String> COMPATIBILITY_LEVELS =
      List.of(
          "NONE",
          "BACKWARD",
          "BACKWARD_TRANSITIVE",
          "FORWARD",
          "FORWARD_TRANSITIVE",
          "FULL",
          "FULL_TRANSITIVE");

  /**
   * Registers {@code schema} under {@code subject} (a no-op if it is already registered there).
   *
   * @return the schema's global id
   * @throws IncompatibleSchemaException if the subject's compatibility level refuses it
   */
  int register(String subject, Schema schema);

  /**
   * Looks up the global id of a schema already registered under {@code subject}.
   *
   * @throws SchemaNotFoundException if the subject does not exist or does not hold the schema
   */
  int lookupId(String subject, Schema schema);

  /**
   * Fetches a schema by its global id.
   *
   * @throws SchemaNotFoundException if no schema has that id
   */
  Schema getById(int id);

  /**
   * The latest version registered under {@code subject}.
   *
   * @throws SchemaNotFoundException if the subject does not exist
   */
  RegisteredSchema getLatest(String subject);

  /**
   * Whether {@code schema} could be registered under {@code subject} as its next version. A subject
   * that does not exist yet accepts any schema, so this returns {@code true} for it.
   */
  boolean isCompatible(String subject, Schema schema);

  /**
   * The compatibility level that applies to {@code subject} (its own, else the global one), e.g.
   * {@code BACKWARD}. A {@code null} subject asks for the global level.
   */
  String getCompatibility(String subject);

  /**
   * Sets the compatibility level of {@code subject}; a {@code null} subject sets the global level.
   * Levels are Confluent's: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL,
   * FULL_TRANSITIVE.
   */
  void setCompatibility(String subject, String level);

  /** All subjects, sorted. */
  List<String> subjects();

  @Override
  void close();
}
