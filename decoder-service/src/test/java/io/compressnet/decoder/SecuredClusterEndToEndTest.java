package io.compressnet.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.compressnet.codec.inference.UntrainedBundles;
import io.compressnet.devstack.EmbeddedKafka;
import io.compressnet.devstack.SecuredKafka;
import io.compressnet.encoder.EncoderConfig;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.monitor.MonitorConfig;
import io.compressnet.monitor.QualityMonitor;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.registry.FakeRegistryServer;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.schemas.tls.SelfSignedCertificates;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.StreamsApp;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The encoder, decoder and quality monitor against a secured broker: a SASL_SSL listener
 * (SCRAM-SHA-512 over TLS with a keytool certificate) and ACLs enforced by KRaft's
 * StandardAuthorizer. Each service gets its credentials the documented way, as {@code KAFKA_*}
 * environment variables, and only the ACLs the README lists. The test's own admin and readers use
 * the broker's PLAINTEXT listener as a super user. Client passwords must never reach a log line.
 */
class SecuredClusterEndToEndTest {
  private static final Path SAMPLE =
      Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz").toAbsolutePath();
  private static final String STORE_PASSWORD = "store-pw-9a6b32";
  private static final Map<String, String> PASSWORDS =
      Map.of(
          "camera", "cam-pw-5d1e07",
          "encoder", "enc-pw-7f3a91",
          "decoder", "dec-pw-2b8c44",
          "monitor", "mon-pw-6e0f18");
  private static final int N = 30;
  private static final Duration FAILURE_TIMEOUT = Duration.ofSeconds(90);
  private static final List<String> CAPTURED_LOGGERS =
      List.of(
          "org.apache.kafka.clients",
          "org.apache.kafka.common.config",
          "org.apache.kafka.streams",
          "io.compressnet");

  @TempDir Path dir;
  private SelfSignedCertificates certificates;
  private SecuredKafka secured;
  private EmbeddedKafka kafka;
  private InMemorySchemaRegistryClient schemas;
  private FakeRegistryServer registry;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Map<String, Level> savedLevels = new HashMap<>();

  @BeforeEach
  void startSecuredBroker() throws Exception {
    captureLogs();
    certificates = SelfSignedCertificates.create(dir, "broker", STORE_PASSWORD);
    secured = SecuredKafka.start(certificates.keyStore(), STORE_PASSWORD);
    kafka = secured.broker();
    kafka.createTopics(Topics.all(), 2);
    PASSWORDS.forEach(secured::addUser);
    schemas = new InMemorySchemaRegistryClient();
    registry = new FakeRegistryServer("", 0, schemas);
  }

  @AfterEach
  void stop() {
    registry.close();
    secured.close();
    releaseLogs();
  }

  @Test
  void shouldEncodeAndDecodeOverSaslSslWithOnlyTheirAclsAndNoPasswordInTheLogs() throws Exception {
    // Given the ACLs of camera, encoder and decoder, and a model
    grantCamera();
    grantEncoder(true);
    grantDecoder();
    UntrainedBundles.create(dir.resolve("models/m"), "secure-ps8-int8", 8, "INT8");

    // When N images go through both services on the secured listener
    try (StreamsApp encoder = startEncoder("encoder", PASSWORDS.get("encoder"));
        StreamsApp decoder = startDecoder()) {
      produceAsCamera(0, N);
      List<String> reconstructed = readKeys(Topics.IMAGES_RECONSTRUCTED, N, Duration.ofMinutes(3));

      // Then every image is reconstructed exactly once, nothing dead-lettered
      assertThat(reconstructed).hasSize(N).doesNotHaveDuplicates();
      assertThat(encoder.failed()).isFalse();
      assertThat(decoder.failed()).isFalse();
      assertThat(endOffset(Topics.IMAGES_DLQ)).isZero();
    }
    // and the config dumps (Kafka's clients' and the services' own) were logged, secrets hidden
    assertThat(logLines()).anyMatch(line -> line.contains("sasl.jaas.config = [hidden]"));
    assertThat(logLines()).anyMatch(line -> line.contains("sasl.jaas.config=[hidden]"));
    assertNoPasswordLogged();
  }

  @Test
  void shouldStopWithAnAuthenticationErrorOnWrongCredentialsAndEncodeEverythingOnceFixed()
      throws Exception {
    // Given images waiting on images.raw
    grantCamera();
    grantEncoder(true);
    UntrainedBundles.create(dir.resolve("models/m"), "secure-ps8-int8", 8, "INT8");
    produceAsCamera(0, N);

    // When the encoder starts with a wrong password
    try (StreamsApp encoder = startEncoder("encoder", "not-the-password")) {
      // Then it stops, saying why
      assertThat(awaitFailure(encoder)).isTrue();
    }
    assertThat(logLines())
        .anyMatch(
            line ->
                line.startsWith("encoder: the Kafka cluster refused its credentials")
                    && line.contains("SaslAuthenticationException"));
    assertThat(logLines()).noneMatch(line -> line.contains("not-the-password"));
    // and so does the monitor, which shares the failure handling
    grantMonitor();
    try (QualityMonitor monitor = startMonitor("not-the-password")) {
      long deadline = System.nanoTime() + FAILURE_TIMEOUT.toNanos();
      while (!monitor.failed() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(monitor.failed()).isTrue();
    }
    assertThat(logLines())
        .anyMatch(
            line -> line.startsWith("quality-monitor: the Kafka cluster refused its credentials"));

    // And when it restarts with the right one, every image is encoded exactly once
    try (StreamsApp encoder = startEncoder("encoder", PASSWORDS.get("encoder"))) {
      assertThat(readKeys(Topics.IMAGES_LATENT, N, Duration.ofMinutes(3)))
          .hasSize(N)
          .doesNotHaveDuplicates();
      assertThat(endOffset(Topics.IMAGES_DLQ)).isZero();
    }
    assertNoPasswordLogged();
  }

  @Test
  void shouldStopWithAnAuthorizationErrorWithoutWriteOnTheLatentTopicAndLoseNothing()
      throws Exception {
    // Given images waiting, and an encoder allowed everything but WRITE on images.latent
    grantCamera();
    grantEncoder(false);
    UntrainedBundles.create(dir.resolve("models/m"), "secure-ps8-int8", 8, "INT8");
    produceAsCamera(0, N);

    // When it runs
    try (StreamsApp encoder = startEncoder("encoder", PASSWORDS.get("encoder"))) {
      // Then it stops with an authorization error naming the topic, having written nothing
      assertThat(awaitFailure(encoder)).isTrue();
    }
    assertThat(logLines())
        .anyMatch(
            line ->
                line.startsWith("encoder: not authorized by the Kafka cluster's ACLs")
                    && line.contains("TopicAuthorizationException")
                    && line.contains(Topics.IMAGES_LATENT));
    assertThat(readKeys(Topics.IMAGES_LATENT, 1, Duration.ofSeconds(5))).isEmpty();

    // And once the ACL is granted and the encoder restarted, every image comes through once
    secured.allowTopic("encoder", Topics.IMAGES_LATENT, AclOperation.WRITE);
    try (StreamsApp encoder = startEncoder("encoder", PASSWORDS.get("encoder"))) {
      assertThat(readKeys(Topics.IMAGES_LATENT, N, Duration.ofMinutes(3)))
          .hasSize(N)
          .doesNotHaveDuplicates();
      assertThat(endOffset(Topics.IMAGES_DLQ)).isZero();
    }
    assertNoPasswordLogged();
  }

  // --- ACLs: what the README's "Secured clusters" section lists for each service ---

  private void grantCamera() {
    secured.allowTopic("camera", Topics.IMAGES_RAW, AclOperation.WRITE);
  }

  private void grantEncoder(boolean writeLatent) {
    secured.allowTopic("encoder", Topics.IMAGES_RAW, AclOperation.READ);
    secured.allowTopic("encoder", Topics.IMAGES_DLQ, AclOperation.WRITE);
    if (writeLatent) {
      secured.allowTopic("encoder", Topics.IMAGES_LATENT, AclOperation.WRITE);
    }
    secured.allowStreamsApplication("encoder", EncoderConfig.DEFAULT_APPLICATION_ID);
  }

  private void grantDecoder() {
    secured.allowTopic("decoder", Topics.IMAGES_LATENT, AclOperation.READ);
    secured.allowTopic("decoder", Topics.IMAGES_RECONSTRUCTED, AclOperation.WRITE);
    secured.allowTopic("decoder", Topics.IMAGES_DLQ, AclOperation.WRITE);
    secured.allowStreamsApplication("decoder", DecoderConfig.DEFAULT_APPLICATION_ID);
  }

  private void grantMonitor() {
    secured.allowTopic("monitor", Topics.IMAGES_RAW, AclOperation.READ);
    secured.allowTopic("monitor", Topics.IMAGES_RECONSTRUCTED, AclOperation.READ);
    for (String out :
        List.of(
            Topics.QUALITY_IMAGES,
            Topics.QUALITY_WINDOWS,
            Topics.QUALITY_ALERTS,
            Topics.IMAGES_DLQ)) {
      secured.allowTopic("monitor", out, AclOperation.WRITE);
    }
    secured.allowStreamsApplication("monitor", MonitorConfig.DEFAULT_APPLICATION_ID);
  }

  // --- services and clients on the secured listener ---

  /** The documented way: KAFKA_* variables, as a container or systemd unit would set them. */
  private Map<String, String> secureEnvironment(String user, String password) {
    Map<String, String> env =
        new HashMap<>(
            secured.clientEnvironment(user, password, certificates.trustStore(), STORE_PASSWORD));
    env.put("SCHEMA_REGISTRY_URL", registry.url());
    return env;
  }

  private StreamsApp startEncoder(String user, String password) {
    ServiceConfig settings =
        EncoderConfig.SPEC
            .loader()
            .environment(secureEnvironment(user, password))
            .override("compressnet.metrics.port", "0")
            .override("compressnet.model.dir", dir.resolve("models/m").toString())
            .override("state.dir", dir.resolve("state-enc").toString())
            .load();
    return RunningServices.encoder(settings, ServiceMetrics.inMemory("encoder"));
  }

  private StreamsApp startDecoder() {
    ServiceConfig settings =
        DecoderConfig.SPEC
            .loader()
            .environment(secureEnvironment("decoder", PASSWORDS.get("decoder")))
            .override("compressnet.metrics.port", "0")
            .override("compressnet.models.dir", dir.resolve("models").toString())
            .override("state.dir", dir.resolve("state-dec").toString())
            .load();
    return RunningServices.decoder(settings, ServiceMetrics.inMemory("decoder"));
  }

  private QualityMonitor startMonitor() {
    return startMonitor(PASSWORDS.get("monitor"));
  }

  private QualityMonitor startMonitor(String password) {
    MonitorConfig config =
        MonitorConfig.load(
            secureEnvironment("monitor", password),
            null,
            Map.of(
                MonitorConfig.DASHBOARD_PORT,
                "0",
                "state.dir",
                dir.resolve("state-mon").toString()));
    return QualityMonitor.start(config);
  }

  private void produceAsCamera(int from, int to) throws Exception {
    ImageSet images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, to);
    Properties props = new Properties();
    props.putAll(
        secured.clientProperties(
            "camera", PASSWORDS.get("camera"), certificates.trustStore(), STORE_PASSWORD));
    props.put("acks", "all");
    try (KafkaProducer<String, ImageEvent> producer =
        new KafkaProducer<>(
            props,
            new StringSerializer(),
            new SpecificAvroSerde<>(schemas, ImageEvent.class, true).serializer())) {
      for (int i = from; i < to; i++) {
        ImageEvent event =
            ImageEvent.newBuilder()
                .setId("img-" + i)
                .setSource("camera")
                .setCapturedAt(Instant.now())
                .setWidth(28)
                .setHeight(28)
                .setPixels(ByteBuffer.wrap(images.images()[i]))
                .build();
        producer.send(new ProducerRecord<>(Topics.IMAGES_RAW, "img-" + i, event)).get();
      }
    }
  }

  /** Keys on a topic, read committed, through the PLAINTEXT listener as a super user. */
  private List<String> readKeys(String topic, int expected, Duration timeout) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("group.id", "secured-reader-" + UUID.randomUUID());
    p.put("auto.offset.reset", "earliest");
    p.put("isolation.level", "read_committed");
    List<String> keys = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (keys.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          keys.add(r.key());
        }
      }
    }
    return keys;
  }

  private long endOffset(String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static boolean awaitFailure(StreamsApp app) throws InterruptedException {
    long deadline = System.nanoTime() + FAILURE_TIMEOUT.toNanos();
    while (!app.failed() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    return app.failed();
  }

  // --- log capture ---

  private void captureLogs() {
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    for (String name : CAPTURED_LOGGERS) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      savedLevels.put(name, logger.getLevel());
      // INFO: the clients' config dumps, where a leaked secret would show.
      logger.setLevel(Level.INFO);
    }
  }

  private void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    savedLevels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    logs.stop();
  }

  private List<String> logLines() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(logs.list)) {
      String line = event.getFormattedMessage();
      if (event.getThrowableProxy() != null) {
        line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
      }
      lines.add(line);
    }
    return lines;
  }

  private void assertNoPasswordLogged() {
    List<String> lines = logLines();
    assertThat(lines).isNotEmpty();
    List<String> secrets = new ArrayList<>(PASSWORDS.values());
    secrets.add(STORE_PASSWORD);
    for (String secret : secrets) {
      assertThat(lines).noneMatch(line -> line.contains(secret));
    }
  }
}
