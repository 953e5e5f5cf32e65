package io.compressnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.devstack.EmbeddedKafka;
import io.compressnet.devstack.LocalRegistry;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code compressnet init} against an empty real cluster: a broker without topics and an Apicurio
 * registry as freshly installed (global compatibility NONE). The tests run in order, each on the
 * state the one before left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InitCommandEndToEndTest {
  private static final String RAW = Topics.valueSubject(Topics.IMAGES_RAW);
  private static final String ALERTS = Topics.valueSubject(Topics.QUALITY_ALERTS);

  private static EmbeddedKafka kafka;
  private static LocalRegistry registry;
  private static SchemaRegistryClient client;

  @BeforeAll
  static void startEmptyCluster() {
    kafka = EmbeddedKafka.builder().start();
    registry =
        LocalRegistry.builder()
            .defaultCompatibility("NONE")
            .startupTimeout(Duration.ofSeconds(240))
            .start();
    client = new RestSchemaRegistryClient(RegistryClientConfig.of(registry.confluentApiUrl()));
  }

  @AfterAll
  static void stopCluster() {
    if (client != null) {
      client.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @Order(1)
  void shouldReportWithoutChangingAnythingOnADryRun() throws Exception {
    // When
    InProcessCli cli = new InProcessCli();
    int exit = cli.run(init("--dry-run"));

    // Then
    assertThat(exit).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out())
        .contains("would create with 6 partitions, replication 1")
        .contains("would register ImageEvent, would set compatibility BACKWARD")
        .contains("Dry run: nothing was changed.");
    try (Admin admin = kafka.admin()) {
      assertThat(admin.listTopics().names().get()).doesNotContainAnyElementsOf(Topics.all());
    }
    assertThat(client.subjects()).isEmpty();
  }

  @Test
  @Order(2)
  void shouldProvisionAnEmptyCluster() throws Exception {
    // When
    InProcessCli cli = new InProcessCli();
    int exit = cli.run(init("--retention-ms", "86400000"));

    // Then every topic exists as configured...
    assertThat(exit).as(cli.out() + cli.err()).isZero();
    try (Admin admin = kafka.admin()) {
      Map<String, TopicDescription> topics =
          admin.describeTopics(Topics.all()).allTopicNames().get();
      assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(6));
      ConfigResource raw = new ConfigResource(ConfigResource.Type.TOPIC, Topics.IMAGES_RAW);
      Config config = admin.describeConfigs(List.of(raw)).all().get().get(raw);
      assertThat(config.get("retention.ms").value()).isEqualTo("86400000");
      assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
    }
    // ...and every schema is registered under BACKWARD, which now refuses a breaking change
    assertThat(client.subjects())
        .containsExactlyInAnyOrder(
            RAW,
            Topics.valueSubject(Topics.IMAGES_LATENT),
            Topics.valueSubject(Topics.IMAGES_RECONSTRUCTED),
            Topics.valueSubject(Topics.QUALITY_IMAGES),
            Topics.valueSubject(Topics.QUALITY_WINDOWS),
            ALERTS);
    assertThat(client.getCompatibility(RAW)).isEqualTo("BACKWARD");
    assertThat(client.isCompatible(RAW, idOnly("ImageEvent", "io.compressnet.schemas.avro")))
        .isFalse();
    assertThat(cli.out()).contains("registered ImageEvent").contains("Cluster ready");
  }

  @Test
  @Order(3)
  void shouldChangeNothingOnAProvisionedCluster() {
    // When init runs again with the same settings
    InProcessCli cli = new InProcessCli();
    int exit = cli.run(init("--retention-ms", "86400000"));

    // Then every topic and subject is reported as it is, and no new version appeared
    assertThat(exit).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).doesNotContain("CHANGED").doesNotContain("CONFLICT");
    assertThat(cli.out())
        .contains("exists as configured")
        .contains("holds the current ImageEvent, compatibility BACKWARD");
    assertThat(client.getLatest(RAW).version()).isEqualTo(1);
    assertThat(client.getLatest(RAW).schema()).isEqualTo(ImageEvent.getClassSchema());
  }

  @Test
  @Order(4)
  void shouldReportTopicsWithTooFewPartitions() throws Exception {
    // When the cluster is checked against 12 partitions (and the default retention)
    InProcessCli cli = new InProcessCli();
    int exit = cli.run(init("--partitions", "12"));

    // Then each topic is a conflict, named with the difference, and left as it is
    assertThat(exit).isEqualTo(InitCommand.CONFLICT);
    assertThat(cli.out())
        .containsPattern("CONFLICT\\s+topic\\s+images\\.raw\\s+partitions 6 < configured 12")
        .contains("retention.ms 86400000 (configured 604800000)")
        .contains("Conflicts found");
    try (Admin admin = kafka.admin()) {
      assertThat(
              admin
                  .describeTopics(List.of(Topics.IMAGES_RAW))
                  .allTopicNames()
                  .get()
                  .get(Topics.IMAGES_RAW)
                  .partitions())
          .hasSize(6);
    }
  }

  @Test
  @Order(5)
  void shouldFailADryRunWhenTheRegistryHoldsASchemaTheCurrentOneCannotFollow() {
    // Given someone dropped quality.alerts-value to NONE and registered a breaking version
    client.setCompatibility(ALERTS, "NONE");
    client.register(ALERTS, idOnly("QualityAlert", "io.compressnet.schemas.avro"));
    assertThat(client.getLatest(ALERTS).version()).isEqualTo(2);

    // When
    InProcessCli cli = new InProcessCli();
    int exit = cli.run(init("--dry-run", "--retention-ms", "86400000"));

    // Then the conflict is reported, the exit code says so and nothing was changed
    assertThat(exit).isEqualTo(InitCommand.CONFLICT);
    assertThat(cli.out())
        .containsPattern(
            "CONFLICT\\s+subject\\s+quality\\.alerts-value\\s+the current QualityAlert"
                + " cannot read version 2")
        .contains("would set compatibility NONE -> BACKWARD");
    assertThat(client.getCompatibility(ALERTS)).isEqualTo("NONE");
    assertThat(client.getLatest(ALERTS).version()).isEqualTo(2);
  }

  private static String[] init(String... extra) {
    String[] base = {
      "init",
      "--bootstrap-servers",
      kafka.bootstrapServers(),
      "--schema-registry-url",
      registry.confluentApiUrl()
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  /**
   * A record of that name holding only a required {@code id}: none of the project's can read it.
   */
  private static Schema idOnly(String name, String namespace) {
    return new Schema.Parser()
        .parse(
            "{\"type\": \"record\", \"name\": \""
                + name
                + "\", \"namespace\": \""
                + namespace
                + "\", \"fields\": [{\"name\": \"id\", \"type\": \"string\"},"
                + " {\"name\": \"extra\", \"type\": \"int\"}]}");
  }
}
