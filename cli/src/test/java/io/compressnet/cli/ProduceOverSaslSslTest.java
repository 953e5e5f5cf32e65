package io.compressnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.devstack.SecuredKafka;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.registry.FakeRegistryServer;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.tls.SelfSignedCertificates;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compressnet produce} against a SASL_SSL (SCRAM-SHA-512) broker with ACLs, its security
 * settings in a {@code --config} properties file as the README shows.
 */
class ProduceOverSaslSslTest {
  private static final String SAMPLE =
      Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz").toAbsolutePath().toString();
  private static final String STORE_PASSWORD = "store-pw-41c7d2";
  private static final String CAMERA_PASSWORD = "cam-pw-0b93fe";
  private static final int N = 20;

  @TempDir Path dir;
  private SelfSignedCertificates certificates;
  private SecuredKafka secured;
  private FakeRegistryServer registry;

  @BeforeEach
  void start() throws Exception {
    certificates = SelfSignedCertificates.create(dir, "broker", STORE_PASSWORD);
    secured = SecuredKafka.start(certificates.keyStore(), STORE_PASSWORD);
    secured.broker().createTopics(Topics.all(), 2);
    secured.addUser("camera", CAMERA_PASSWORD);
    registry = new FakeRegistryServer("", 0, new InMemorySchemaRegistryClient());
  }

  @AfterEach
  void stop() {
    registry.close();
    secured.close();
  }

  @Test
  void shouldSendEveryImageWithTheCredentialsAndTheWriteAclFromTheConfigFile() throws Exception {
    // Given the camera's WRITE ACL and its settings in a properties file
    secured.allowTopic("camera", Topics.IMAGES_RAW, AclOperation.WRITE);
    Path config = configFile(CAMERA_PASSWORD);

    // When
    int exit = produce(config);

    // Then
    assertThat(exit).isZero();
    assertThat(countOnRawTopic()).isEqualTo(N);
  }

  @Test
  void shouldExitWithAnErrorAndSendNothingWithoutTheWriteAcl() throws Exception {
    Path config = configFile(CAMERA_PASSWORD);

    int exit = produce(config);

    assertThat(exit).isEqualTo(1);
    assertThat(countOnRawTopic()).isZero();
  }

  @Test
  void shouldExitWithAnErrorOnAWrongPassword() throws Exception {
    secured.allowTopic("camera", Topics.IMAGES_RAW, AclOperation.WRITE);
    Path config = configFile("not-the-password");

    int exit = produce(config);

    assertThat(exit).isNotZero();
    assertThat(countOnRawTopic()).isZero();
  }

  private int produce(Path config) {
    return new InProcessCli()
        .run(
            "produce",
            "--config",
            config.toString(),
            "--images",
            SAMPLE,
            "--limit",
            String.valueOf(N),
            "--no-progress");
  }

  private Path configFile(String password) throws IOException {
    Properties props = new Properties();
    props.putAll(
        secured.clientProperties("camera", password, certificates.trustStore(), STORE_PASSWORD));
    props.put("schema.registry.url", registry.url());
    // A wrong password must fail the run, not hang it in retries.
    props.put("delivery.timeout.ms", "20000");
    props.put("request.timeout.ms", "10000");
    props.put("max.block.ms", "20000");
    Path file = dir.resolve("produce-" + UUID.randomUUID() + ".properties");
    try (Writer out = Files.newBufferedWriter(file)) {
      props.store(out, "camera on the secured listener");
    }
    return file;
  }

  /** Records on images.raw, read through the super user's PLAINTEXT listener. */
  private long countOnRawTopic() {
    Properties p = new Properties();
    p.put("bootstrap.servers", secured.broker().bootstrapServers());
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var partitions =
          consumer.partitionsFor(Topics.IMAGES_RAW, Duration.ofSeconds(30)).stream()
              .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition()))
              .toList();
      return consumer.endOffsets(List.copyOf(partitions)).values().stream()
          .mapToLong(Long::longValue)
          .sum();
    }
  }
}
