package io.compressnet.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * A registry in memory, for unit tests. Same semantics as the REST registry: global ids shared by
 * equal schemas across subjects, versions per subject starting at 1, registering a schema a subject
 * already holds returns its id without a new version, and compatibility levels (default BACKWARD)
 * are enforced with Avro's {@link SchemaCompatibility}. Thread-safe.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
  private final Map<Schema, Integer> idBySchema = new HashMap<>();
  private final Map<Integer, Schema> schemaById = new HashMap<>();
  private final Map<String, List<RegisteredSchema>> versionsBySubject = new TreeMap<>();
  private final Map<String, String> levelBySubject = new HashMap<>();
  private String globalLevel = "BACKWARD";
  private int nextId;

  /** Ids start at 1, as in Confluent Schema Registry. */
  public InMemorySchemaRegistryClient() {
    this(1);
  }

  /** Ids start at {@code firstId}; lets wire-format tests pin a multi-byte id. */
  public InMemorySchemaRegistryClient(int firstId) {
    this.nextId = firstId;
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    List<RegisteredSchema> versions = versionsBySubject.getOrDefault(subject, List.of());
    for (RegisteredSchema existing : versions) {
      if (existing.schema().equals(schema)) {
        return existing.id();
      }
    }
    List<String> problems = incompatibilities(subject, schema);
    if (!problems.isEmpty()) {
      throw new IncompatibleSchemaException(
          "Schema being registered is incompatible with an earlier schema for subject \""
              + subject
              + "\" under "
              + getCompatibility(subject)
              + ": "
              + String.join("; ", problems));
    }
    int id = idBySchema.computeIfAbsent(schema, s -> nextId++);
    schemaById.put(id, schema);
    List<RegisteredSchema> updated = new ArrayList<>(versions);
    updated.add(new RegisteredSchema(subject, id, versions.size() + 1, schema));
    versionsBySubject.put(subject, updated);
    return id;
  }

  @Override
  public synchronized int lookupId(String subject, Schema schema) {
    for (RegisteredSchema existing : versionsOf(subject)) {
      if (existing.schema().equals(schema)) {
        return existing.id();
      }
    }
    throw new SchemaNotFoundException("Schema not found under subject \"" + subject + "\"");
  }

  @Override
  public synchronized Schema getById(int id) {
    Schema schema = schemaById.get(id);
    if (schema == null) {
      throw new SchemaNotFoundException("Schema id " + id + " not found");
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema getLatest(String subject) {
    List<RegisteredSchema> versions = versionsOf(subject);
    return versions.get(versions.size() - 1);
  }

  @Override
  public synchronized boolean isCompatible(String subject, Schema schema) {
    return incompatibilities(subject, schema).isEmpty();
  }

  @Override
  public synchronized String getCompatibility(String subject) {
    return subject == null ? globalLevel : levelBySubject.getOrDefault(subject, globalLevel);
  }

  @Override
  public synchronized void setCompatibility(String subject, String level) {
    String normalized = Objects.requireNonNull(level, "level").toUpperCase(Locale.ROOT);
    if (!COMPATIBILITY_LEVELS.contains(normalized)) {
      throw new SchemaRegistryException(
          "Invalid compatibility level " + level + "; one of " + COMPATIBILITY_LEVELS, 422, 42203);
    }
    if (subject == null) {
      globalLevel = normalized;
    } else {
      levelBySubject.put(subject, normalized);
    }
  }

  @Override
  public synchronized List<String> subjects() {
    return List.copyOf(versionsBySubject.keySet());
  }

  @Override
  public void close() {}

  private List<RegisteredSchema> versionsOf(String subject) {
    List<RegisteredSchema> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaNotFoundException("Subject \"" + subject + "\" not found");
    }
    return versions;
  }

  /** Why {@code candidate} may not follow the subject's versions; empty when it may. */
  private List<String> incompatibilities(String subject, Schema candidate) {
    List<RegisteredSchema> versions = versionsBySubject.getOrDefault(subject, List.of());
    if (versions.isEmpty()) {
      return List.of();
    }
    String level = getCompatibility(subject);
    if ("NONE".equals(level)) {
      return List.of();
    }
    List<RegisteredSchema> against =
        level.endsWith("_TRANSITIVE") ? versions : List.of(versions.get(versions.size() - 1));
    boolean backward = level.startsWith("BACKWARD") || level.startsWith("FULL");
    boolean forward = level.startsWith("FORWARD") || level.startsWith("FULL");
    List<String> problems = new ArrayList<>();
    for (RegisteredSchema earlier : against) {
      if (backward) {
        // BACKWARD: consumers on the new schema can read data written with the earlier one.
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, earlier.schema()),
            "new schema cannot read version " + earlier.version(),
            problems);
      }
      if (forward) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(earlier.schema(), candidate),
            "version " + earlier.version() + " cannot read the new schema",
            problems);
      }
    }
    return problems;
  }

  private static void describe(SchemaPairCompatibility result, String what, List<String> out) {
    if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    List<String> details = new ArrayList<>();
    for (SchemaCompatibility.Incompatibility incompatibility :
        result.getResult().getIncompatibilities()) {
      details.add(
          incompatibility.getType()
              + " at "
              + incompatibility.getLocation()
              + " ("
              + incompatibility.getMessage()
              + ")");
    }
    out.add(what + ": " + String.join(", ", details));
  }
}
