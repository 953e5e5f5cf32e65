package io.compressnet.cli;

import io.compressnet.cli.init.ClusterInit;
import io.compressnet.cli.init.InitReport;
import io.compressnet.cli.init.InitSettings;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryException;
import io.compressnet.streams.ServiceConfig;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code compressnet init}: provisions topics and subjects on a user's Kafka and registry. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Creates every CompressNet topic and registers every schema under its subject with the"
          + " compatibility level; existing topics are checked, not changed, and the project's"
          + " schemas are tested against what the registry holds.",
      "Exit code 0: done (or nothing to do); 1: a conflict (incompatible schema, topic with too"
          + " few partitions or replicas); 3: Kafka or the registry failed.",
      "Settings: flags, then the config file, then the environment (COMPRESSNET_INIT_*,"
          + " COMPRESSNET_SCHEMA_COMPATIBILITY, KAFKA_*, SCHEMA_REGISTRY_*).",
    })
final class InitCommand implements Callable<Integer> {

  static final int CONFLICT = 1;
  static final int FAILED = 3;

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(names = "--partitions", paramLabel = "N", description = "Partitions per topic (6).")
  Integer partitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      description = "Replicas per partition (1; production 3).")
  Integer replicationFactor;

  @Option(
      names = "--min-insync-replicas",
      paramLabel = "N",
      description = "Topic min.insync.replicas (1; production 2).")
  Integer minInsyncReplicas;

  @Option(
      names = "--retention-ms",
      paramLabel = "MS",
      description = "Topic retention.ms (604800000 = 7 days; -1 = forever).")
  Long retentionMs;

  @Option(
      names = "--compression",
      paramLabel = "TYPE",
      description = "Topic compression.type (producer; zstd stores raw images in about a third).")
  String compression;

  @Option(
      names = "--compatibility",
      paramLabel = "LEVEL",
      description = "Level set on every subject (BACKWARD; INHERIT leaves the registry's).")
  String compatibility;

  @Option(names = "--dry-run", description = "Report what would be done; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServiceConfig config;
    InitSettings settings;
    try {
      config =
          ServiceConfig.loader()
              .keys(InitSettings.KEYS)
              .environment(System.getenv())
              .configFile(connection.configFile)
              .overrides(overrides())
              .load();
      settings = InitSettings.from(config);
    } catch (IllegalArgumentException | ConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    out.println(
        (dryRun ? "Dry run against " : "Provisioning ")
            + config.require(ServiceConfig.BOOTSTRAP_SERVERS)
            + " and "
            + config.masked().get(ServiceConfig.SCHEMA_REGISTRY_URL.property()));
    InitReport report;
    try (Admin admin = Admin.create(adminProperties(config));
        SchemaRegistryClient registry =
            new RestSchemaRegistryClient(
                RegistryClientConfig.fromProperties(config.serdeConfigs()))) {
      report = new ClusterInit(admin, registry, settings, dryRun).run();
    } catch (SchemaRegistryException | IllegalStateException | KafkaException e) {
      err.println("compressnet init: " + e.getMessage());
      return FAILED;
    }
    out.print(report.toTable());
    if (report.hasConflicts()) {
      out.println("Conflicts found: fix them (see above) and run init again.");
      return CONFLICT;
    }
    out.println(dryRun ? "Dry run: nothing was changed." : "Cluster ready for CompressNet.");
    return 0;
  }

  private Map<String, String> overrides() {
    Map<String, String> o = new HashMap<>();
    connection.putOverrides(o);
    StreamServiceOptions.put(o, InitSettings.PARTITIONS.property(), partitions);
    StreamServiceOptions.put(o, InitSettings.REPLICATION_FACTOR.property(), replicationFactor);
    StreamServiceOptions.put(o, InitSettings.MIN_INSYNC_REPLICAS.property(), minInsyncReplicas);
    StreamServiceOptions.put(o, InitSettings.RETENTION_MS.property(), retentionMs);
    StreamServiceOptions.put(o, InitSettings.COMPRESSION_TYPE.property(), compression);
    StreamServiceOptions.put(o, ServiceConfig.SCHEMA_COMPATIBILITY.property(), compatibility);
    return o;
  }

  /** The Kafka client settings the admin client knows (security and all), nothing else. */
  static Properties adminProperties(ServiceConfig config) {
    Properties props = new Properties();
    config
        .streamsProperties()
        .forEach(
            (k, v) -> {
              if (AdminClientConfig.configNames().contains(k.toString())) {
                props.put(k, v);
              }
            });
    return props;
  }
}
