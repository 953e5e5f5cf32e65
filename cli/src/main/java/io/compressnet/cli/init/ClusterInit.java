package io.compressnet.cli.init;

import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.RegisteredSchema;
import io.compressnet.schemas.registry.SchemaNotFoundException;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.streams.SchemaGovernance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Provisions a cluster for CompressNet: every topic with the configured settings (existing topics
 * are checked, never changed), every value schema under its subject with the compatibility level,
 * and a compatibility test of the project's schemas against what the registry holds. With {@code
 * dryRun} nothing is changed and the report says what would be done.
 */
public final class ClusterInit {

  /** The value schema of every topic that has one ({@code images.dlq} holds raw bytes). */
  public static final Map<String, Schema> VALUE_SCHEMAS = valueSchemas();

  private static final long TIMEOUT_SECONDS = 60;

  private final Admin admin;
  private final SchemaRegistryClient registry;
  private final InitSettings settings;
  private final boolean dryRun;
  private final InitReport report = new InitReport();

  public ClusterInit(
      Admin admin, SchemaRegistryClient registry, InitSettings settings, boolean dryRun) {
    this.admin = admin;
    this.registry = registry;
    this.settings = settings;
    this.dryRun = dryRun;
  }

  /** Runs every step and returns what was (or would be) done. */
  public InitReport run() {
    provisionTopics();
    checkGlobalLevel();
    VALUE_SCHEMAS.forEach(this::provisionSubject);
    return report;
  }

  private void provisionTopics() {
    Set<String> existing = await(admin.listTopics().names());
    List<NewTopic> missing = new ArrayList<>();
    for (String topic : Topics.all()) {
      if (existing.contains(topic)) {
        checkTopic(topic);
      } else {
        missing.add(
            new NewTopic(topic, settings.partitions(), settings.replicationFactor())
                .configs(settings.topicConfigs()));
      }
    }
    if (!dryRun && !missing.isEmpty()) {
      await(admin.createTopics(missing).all());
    }
    for (NewTopic topic : missing) {
      report.add(
          InitReport.Outcome.CHANGED,
          "topic",
          topic.name(),
          (dryRun ? "would create" : "created")
              + " with "
              + settings.partitions()
              + " partitions, replication "
              + settings.replicationFactor()
              + ", "
              + describe(settings.topicConfigs()));
    }
  }

  private void checkTopic(String topic) {
    TopicDescription description =
        await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = await(admin.describeConfigs(List.of(resource)).all()).get(resource);
    int partitions = description.partitions().size();
    int replicas = description.partitions().get(0).replicas().size();
    List<String> conflicts = new ArrayList<>();
    List<String> differences = new ArrayList<>();
    compare("partitions", partitions, settings.partitions(), conflicts, differences);
    compare("replication factor", replicas, settings.replicationFactor(), conflicts, differences);
    settings
        .topicConfigs()
        .forEach(
            (name, wanted) -> {
              var entry = config.get(name);
              String actual = entry == null ? null : entry.value();
              if (!wanted.equals(actual)) {
                differences.add(name + " " + actual + " (configured " + wanted + ")");
              }
            });
    if (!conflicts.isEmpty()) {
      List<String> all = new ArrayList<>(conflicts);
      all.addAll(differences);
      report.add(
          InitReport.Outcome.CONFLICT,
          "topic",
          topic,
          String.join("; ", all) + "; not changed: fix it by hand (partitions can only grow)");
    } else if (!differences.isEmpty()) {
      report.add(
          InitReport.Outcome.DIFFERS,
          "topic",
          topic,
          String.join("; ", differences) + "; not changed");
    } else {
      report.add(InitReport.Outcome.OK, "topic", topic, "exists as configured");
    }
  }

  /** Fewer than configured is a conflict (less parallelism or durability); more only differs. */
  private static void compare(
      String what, int actual, int wanted, List<String> conflicts, List<String> differences) {
    if (actual < wanted) {
      conflicts.add(what + " " + actual + " < configured " + wanted);
    } else if (actual > wanted) {
      differences.add(what + " " + actual + " > configured " + wanted);
    }
  }

  private void checkGlobalLevel() {
    String global = registry.getCompatibility(null).toUpperCase(Locale.ROOT);
    if (global.equals("NONE")) {
      report.add(
          InitReport.Outcome.DIFFERS,
          "registry",
          "global",
          "global compatibility NONE: subjects without their own level accept breaking"
              + " changes (init sets the level of each CompressNet subject; set the global one"
              + " with PUT /config)");
    } else {
      report.add(InitReport.Outcome.OK, "registry", "global", "global compatibility " + global);
    }
  }

  private void provisionSubject(String topic, Schema schema) {
    String subject = Topics.valueSubject(topic);
    String level = settings.compatibility();
    RegisteredSchema latest = latest(subject);
    if (latest == null) {
      if (!dryRun) {
        int id = registry.register(subject, schema);
        setLevel(subject, level);
        report.add(
            InitReport.Outcome.CHANGED,
            "subject",
            subject,
            "registered " + schema.getName() + " (id " + id + ")" + levelNote(level, "set"));
      } else {
        report.add(
            InitReport.Outcome.CHANGED,
            "subject",
            subject,
            "would register " + schema.getName() + levelNote(level, "would set"));
      }
      return;
    }
    List<String> done = new ArrayList<>();
    String current = registry.getCompatibility(subject).toUpperCase(Locale.ROOT);
    boolean levelChanges = !level.equals(SchemaGovernance.INHERIT) && !level.equals(current);
    if (levelChanges) {
      if (!dryRun) {
        setLevel(subject, level);
      }
      done.add((dryRun ? "would set" : "set") + " compatibility " + current + " -> " + level);
    }
    String problem = incompatibility(subject, schema, latest, level);
    if (problem != null) {
      report.add(
          InitReport.Outcome.CONFLICT,
          "subject",
          subject,
          problem + (done.isEmpty() ? "" : "; " + String.join("; ", done)));
      return;
    }
    if (holds(subject, schema)) {
      done.add(0, "holds the current " + schema.getName());
    } else {
      if (!dryRun) {
        int id = registry.register(subject, schema);
        done.add(0, "registered the current " + schema.getName() + " (id " + id + ")");
      } else {
        done.add(0, "would register the current " + schema.getName() + " as a new version");
      }
    }
    boolean changed = levelChanges || done.get(0).contains("register");
    report.add(
        changed ? InitReport.Outcome.CHANGED : InitReport.Outcome.OK,
        "subject",
        subject,
        String.join("; ", done) + (changed ? "" : ", compatibility " + current));
  }

  /**
   * Why {@code schema} may not follow the subject's latest version, or {@code null}. The registry
   * answers under the subject's present level; under NONE (or in a dry run before the level is set)
   * that says nothing, so a BACKWARD level is also checked here with Avro's own rules.
   */
  private String incompatibility(
      String subject, Schema schema, RegisteredSchema latest, String level) {
    if (!registry.isCompatible(subject, schema)) {
      return "the registry refuses the current "
          + schema.getName()
          + " after version "
          + latest.version()
          + " under the subject's level";
    }
    boolean backward = level.startsWith("BACKWARD") || level.startsWith("FULL");
    if (backward) {
      var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest.schema());
      if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        return "the current "
            + schema.getName()
            + " cannot read version "
            + latest.version()
            + " (not "
            + level
            + "): "
            + result.getDescription().lines().findFirst().orElse("");
      }
    }
    return null;
  }

  private boolean holds(String subject, Schema schema) {
    try {
      registry.lookupId(subject, schema);
      return true;
    } catch (SchemaNotFoundException e) {
      return false;
    }
  }

  private RegisteredSchema latest(String subject) {
    try {
      return registry.getLatest(subject);
    } catch (SchemaNotFoundException e) {
      return null;
    }
  }

  private void setLevel(String subject, String level) {
    if (!level.equals(SchemaGovernance.INHERIT)) {
      registry.setCompatibility(subject, level);
    }
  }

  private static String levelNote(String level, String verb) {
    return level.equals(SchemaGovernance.INHERIT) ? "" : ", " + verb + " compatibility " + level;
  }

  private static String describe(Map<String, String> configs) {
    StringBuilder out = new StringBuilder();
    new java.util.TreeMap<>(configs)
        .forEach(
            (k, v) -> out.append(out.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return out.toString();
  }

  private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted talking to Kafka", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka refused: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not answer within " + TIMEOUT_SECONDS + " s (is bootstrap.servers right?)", e);
    }
  }

  private static Map<String, Schema> valueSchemas() {
    Map<String, Schema> schemas = new LinkedHashMap<>();
    schemas.put(Topics.IMAGES_RAW, ImageEvent.getClassSchema());
    schemas.put(Topics.IMAGES_LATENT, LatentVector.getClassSchema());
    schemas.put(Topics.IMAGES_RECONSTRUCTED, ReconstructedImage.getClassSchema());
    schemas.put(Topics.QUALITY_IMAGES, ImageQuality.getClassSchema());
    schemas.put(Topics.QUALITY_WINDOWS, QualityWindow.getClassSchema());
    schemas.put(Topics.QUALITY_ALERTS, QualityAlert.getClassSchema());
    return java.util.Collections.unmodifiableMap(schemas);
  }
}
