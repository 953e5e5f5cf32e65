package io.compressnet.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.compressnet.devstack.EmbeddedKafka;
import io.compressnet.devstack.LocalRegistry;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.streams.SchemaGovernance;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A service started against a registry as freshly installed (Apicurio's default NONE): the real
 * broker, a real Apicurio child process, the monitor's own start-up path.
 */
class MonitorSchemaCheckEndToEndTest {
  private static final String EXISTING = Topics.valueSubject(Topics.QUALITY_IMAGES);
  private static final String CREATED = Topics.valueSubject(Topics.QUALITY_ALERTS);

  private static EmbeddedKafka kafka;
  private static LocalRegistry registry;

  @BeforeAll
  static void startStack() {
    kafka = EmbeddedKafka.builder().start();
    kafka.createTopics(Topics.all(), 1);
    registry =
        LocalRegistry.builder()
            .defaultCompatibility("NONE")
            .startupTimeout(Duration.ofSeconds(240))
            .start();
  }

  @AfterAll
  static void stopStack() {
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldWarnAboutANoneSubjectAndSetBackwardOnTheSubjectsItCreates() throws Exception {
    // Given quality.images-value created by someone else, with no level, on a NONE registry
    try (SchemaRegistryClient client =
        new RestSchemaRegistryClient(RegistryClientConfig.of(registry.confluentApiUrl()))) {
      client.register(EXISTING, ImageQuality.getClassSchema());
      MonitorConfig config =
          MonitorConfig.defaultConfig()
              .with(MonitorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
              .with(MonitorConfig.REGISTRY_URL, registry.confluentApiUrl())
              .with(MonitorConfig.APPLICATION_ID, "monitor-schema-" + UUID.randomUUID())
              .with(MonitorConfig.DASHBOARD_ENABLED, "false")
              .with("state.dir", Files.createTempDirectory("monitor-schema").toString());
      ListAppender<ILoggingEvent> log = capture();

      // When the monitor starts
      try (QualityMonitor monitor = QualityMonitor.start(config)) {
        List<String> warnings =
            log.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();

        // Then the global NONE and the NONE subject are warned about, by name...
        assertThat(warnings)
            .anySatisfy(w -> assertThat(w).contains("global compatibility is NONE"))
            .anySatisfy(
                w ->
                    assertThat(w)
                        .startsWith(
                            "Subject " + EXISTING + " has Schema Registry compatibility NONE")
                        .contains("compressnet.schema.compatibility"));
        assertThat(warnings).noneSatisfy(w -> assertThat(w).contains(CREATED));
        // ...and the subjects it created got BACKWARD, the existing one kept its level
        assertThat(client.getCompatibility(CREATED)).isEqualTo("BACKWARD");
        assertThat(client.getCompatibility(EXISTING)).isEqualTo("NONE");
      } finally {
        release(log);
      }
    }
  }

  private static ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(SchemaGovernance.class)).addAppender(appender);
    return appender;
  }

  private static void release(ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(SchemaGovernance.class)).detachAppender(appender);
  }
}
