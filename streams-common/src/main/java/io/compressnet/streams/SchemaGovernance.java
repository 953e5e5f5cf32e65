package io.compressnet.streams;

import io.compressnet.schemas.registry.IncompatibleSchemaException;
import io.compressnet.schemas.registry.RegistryAuthException;
import io.compressnet.schemas.registry.SchemaNotFoundException;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service does with the subjects it writes before its stream threads start: registers
 * its output schemas (when auto-registration is on; a subject it creates gets the level of {@link
 * ServiceConfig#SCHEMA_COMPATIBILITY}), then reads the compatibility that applies to each one and
 * to the registry as a whole, and warns when it is NONE, since a breaking schema change would then
 * be registered without complaint.
 *
 * <p>Never fails a start for want of permissions or an unreachable registry: those become warnings
 * saying what could not be checked. Only a schema the registry refuses as incompatible is fatal, as
 * the service could not write a single record.
 */
public final class SchemaGovernance {

  /** The value of {@link ServiceConfig#SCHEMA_COMPATIBILITY} that leaves new subjects alone. */
  public static final String INHERIT = "INHERIT";

  /**
   * A schema no record schema can evolve into under any level but NONE: asking the registry whether
   * it is compatible tells an enforced level from an unenforced one, whatever the registry reports.
   */
  private static final Schema PROBE = Schema.create(Schema.Type.BOOLEAN);

  private static final Logger LOG = LoggerFactory.getLogger(SchemaGovernance.class);

  /** A subject the service writes and the schema it writes there. */
  public record Output(String subject, Schema schema) {
    public Output {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(schema, "schema");
    }
  }

  /** One outcome of the check; warnings are also logged at WARN, the rest at INFO. */
  public record Finding(String subject, Kind kind, String message) {}

  /** What a finding says. A {@code null} subject means the registry's global level. */
  public enum Kind {
    CREATED,
    LEVEL_SET,
    ENFORCED,
    NONE_LEVEL,
    NOT_CHECKED
  }

  private SchemaGovernance() {}

  /**
   * The level {@code value} names, upper-cased, or {@link #INHERIT}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static String parseLevel(String value) {
    String level = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
    if (level.equals(INHERIT) || SchemaRegistryClient.COMPATIBILITY_LEVELS.contains(level)) {
      return level;
    }
    throw new IllegalArgumentException(
        ServiceConfig.SCHEMA_COMPATIBILITY.property()
            + " must be one of "
            + SchemaRegistryClient.COMPATIBILITY_LEVELS
            + " or "
            + INHERIT
            + ", not '"
            + value
            + "'");
  }

  /** {@link #prepare} with the settings of {@code config}. */
  public static List<Finding> prepare(
      SchemaRegistryClient registry, List<Output> outputs, ServiceConfig config) {
    return prepare(
        registry,
        outputs,
        config.getBoolean(ServiceConfig.AUTO_REGISTER_SCHEMAS),
        parseLevel(config.require(ServiceConfig.SCHEMA_COMPATIBILITY)));
  }

  /**
   * Registers the output schemas (when {@code autoRegister}; {@code levelForNew} is set on the
   * subjects this creates unless it is {@link #INHERIT}) and checks the level of every output
   * subject and the global one.
   *
   * @return what was found, in order; warnings are those of kind NONE_LEVEL and NOT_CHECKED
   * @throws IncompatibleSchemaException if the registry refuses an output schema
   */
  public static List<Finding> prepare(
      SchemaRegistryClient registry,
      List<Output> outputs,
      boolean autoRegister,
      String levelForNew) {
    List<Finding> findings = new ArrayList<>();
    String global = readGlobal(registry, findings);
    for (Output output : outputs) {
      try {
        boolean exists = exists(registry, output.subject());
        if (autoRegister) {
          // Also for an existing subject: an evolved schema gets its version now, not inside
          // the first transaction (a no-op when the subject holds it already).
          register(registry, output, exists ? null : levelForNew, findings);
          exists = true;
        }
        checkSubject(registry, output.subject(), exists, global, findings);
      } catch (IncompatibleSchemaException e) {
        throw e;
      } catch (SchemaRegistryException e) {
        add(findings, output.subject(), Kind.NOT_CHECKED, notChecked(output.subject(), e));
      }
    }
    return List.copyOf(findings);
  }

  private static String readGlobal(SchemaRegistryClient registry, List<Finding> findings) {
    String global;
    try {
      global = registry.getCompatibility(null).toUpperCase(Locale.ROOT);
    } catch (SchemaRegistryException e) {
      add(findings, null, Kind.NOT_CHECKED, notChecked(null, e));
      return null;
    }
    if (global.equals("NONE")) {
      add(
          findings,
          null,
          Kind.NONE_LEVEL,
          "The Schema Registry's global compatibility is NONE: a subject without a level of its"
              + " own accepts breaking schema changes. Set it to BACKWARD (PUT /config"
              + " {\"compatibility\":\"BACKWARD\"}; Confluent:"
              + " SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL=backward; Apicurio:"
              + " REGISTRY_RULES_GLOBAL_COMPATIBILITY=BACKWARD), or give each subject its own"
              + " level with `compressnet init`.");
    } else {
      add(findings, null, Kind.ENFORCED, "Schema Registry global compatibility is " + global);
    }
    return global;
  }

  private static boolean exists(SchemaRegistryClient registry, String subject) {
    try {
      registry.getLatest(subject);
      return true;
    } catch (SchemaNotFoundException e) {
      return false;
    }
  }

  /** Registers the output schema; {@code level} is set on a new subject (null: not new). */
  private static void register(
      SchemaRegistryClient registry, Output output, String level, List<Finding> findings) {
    int id = registry.register(output.subject(), output.schema());
    if (level == null) {
      return;
    }
    add(
        findings,
        output.subject(),
        Kind.CREATED,
        "Registered new subject " + output.subject() + " (schema id " + id + ")");
    if (level.equals(INHERIT)) {
      return;
    }
    try {
      registry.setCompatibility(output.subject(), level);
      add(
          findings,
          output.subject(),
          Kind.LEVEL_SET,
          "Set compatibility " + level + " on new subject " + output.subject());
    } catch (RegistryAuthException e) {
      add(
          findings,
          output.subject(),
          Kind.NOT_CHECKED,
          "Not allowed to set compatibility "
              + level
              + " on new subject "
              + output.subject()
              + " ("
              + e.getMessage()
              + "); set it from an account that may, e.g. with `compressnet init`, or set "
              + ServiceConfig.SCHEMA_COMPATIBILITY.envVar()
              + "="
              + INHERIT
              + " to stop trying.");
    }
  }

  private static void checkSubject(
      SchemaRegistryClient registry,
      String subject,
      boolean exists,
      String global,
      List<Finding> findings) {
    if (!exists) {
      // Auto-registration is off and nobody has created it: it will get the global level.
      if (global != null && !global.equals("NONE")) {
        add(
            findings,
            subject,
            Kind.ENFORCED,
            subject + " does not exist yet; it will inherit " + global);
      } else if (global != null) {
        add(findings, subject, Kind.NONE_LEVEL, noneMessage(subject, "will inherit"));
      }
      return;
    }
    String level = registry.getCompatibility(subject).toUpperCase(Locale.ROOT);
    if (!level.equals("NONE")) {
      add(findings, subject, Kind.ENFORCED, subject + " compatibility is " + level);
      return;
    }
    // Apicurio's ccompat API reports NONE for a subject without a rule of its own even when the
    // global rule applies to it; Confluent's NONE is real. Ask the registry what it would do.
    if (!registry.isCompatible(subject, PROBE)) {
      add(
          findings,
          subject,
          Kind.ENFORCED,
          subject
              + " reports compatibility NONE but refuses a breaking schema: it inherits "
              + (global == null ? "an enforced global level" : global));
      return;
    }
    add(findings, subject, Kind.NONE_LEVEL, noneMessage(subject, "has"));
  }

  private static String noneMessage(String subject, String verb) {
    return "Subject "
        + subject
        + " "
        + verb
        + " Schema Registry compatibility NONE: a breaking schema change would be registered"
        + " without complaint. Set it to BACKWARD: `compressnet init`, or PUT /config/"
        + subject
        + " {\"compatibility\":\"BACKWARD\"} (a subject this service creates gets "
        + ServiceConfig.SCHEMA_COMPATIBILITY.property()
        + ", env "
        + ServiceConfig.SCHEMA_COMPATIBILITY.envVar()
        + ", when auto.register.schemas is true).";
  }

  private static String notChecked(String subject, SchemaRegistryException e) {
    String what = subject == null ? "the global compatibility level" : "subject " + subject;
    String why =
        e instanceof RegistryAuthException
            ? "this account may not read it"
            : "the registry did not answer as expected";
    return "Could not check "
        + what
        + " ("
        + why
        + ": "
        + e.getMessage()
        + "); make sure it is BACKWARD, the level CompressNet's schemas evolve under.";
  }

  private static void add(List<Finding> findings, String subject, Kind kind, String message) {
    findings.add(new Finding(subject, kind, message));
    if (kind == Kind.NONE_LEVEL || kind == Kind.NOT_CHECKED) {
      LOG.warn(message);
    } else {
      LOG.info(message);
    }
  }
}
