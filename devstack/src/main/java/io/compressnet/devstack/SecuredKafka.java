package io.compressnet.devstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * An {@link EmbeddedKafka} secured as production clusters are: a SASL_SSL listener (SCRAM-SHA-512
 * over TLS, with the caller's key store) and ACLs enforced by KRaft's {@code StandardAuthorizer}.
 * The PLAINTEXT listener stays for the broker itself and for test admin clients, whose principal
 * ({@code User:ANONYMOUS}) is the super user; every other principal gets only what {@link #allow}
 * grants.
 */
public final class SecuredKafka implements AutoCloseable {

  /** Name of the secured listener. */
  public static final String LISTENER = "SECURE";

  private static final String MECHANISM = "SCRAM-SHA-512";
  private static final int SCRAM_ITERATIONS = 4096;
  private static final long ADMIN_TIMEOUT_SECONDS = 30;

  private final EmbeddedKafka kafka;

  private SecuredKafka(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  /** Starts the broker; the key store (PKCS12) holds the listener's key and certificate. */
  public static SecuredKafka start(Path keyStore, String keyStorePassword) {
    String prefix = "listener.name." + LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
    return new SecuredKafka(
        EmbeddedKafka.builder()
            .listener(LISTENER, "SASL_SSL")
            .brokerProperty(prefix + "sasl.enabled.mechanisms", MECHANISM)
            .brokerProperty(
                prefix + MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;")
            .brokerProperty(prefix + "ssl.keystore.location", keyStore.toString())
            .brokerProperty(prefix + "ssl.keystore.password", keyStorePassword)
            .brokerProperty(prefix + "ssl.key.password", keyStorePassword)
            .brokerProperty(prefix + "ssl.keystore.type", "PKCS12")
            .brokerProperty(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
            .brokerProperty("super.users", "User:ANONYMOUS")
            .start());
  }

  /** The broker; its {@code bootstrapServers()} and {@code admin()} are the super-user side. */
  public EmbeddedKafka broker() {
    return kafka;
  }

  public String secureBootstrapServers() {
    return kafka.bootstrapServers(LISTENER);
  }

  /** Creates (or updates) a SCRAM-SHA-512 user. */
  public void addUser(String user, String password) {
    var credential =
        new UserScramCredentialUpsertion(
            user,
            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
            password);
    try (Admin admin = kafka.admin()) {
      await(admin.alterUserScramCredentials(List.of(credential)).all(), "add user " + user);
    }
  }

  /** Allows {@code operation} on a topic, group or transactional id (literal or prefixed). */
  public void allow(
      String user, ResourceType type, String name, PatternType pattern, AclOperation operation) {
    AclBinding binding =
        new AclBinding(
            new ResourcePattern(type, name, pattern),
            new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    try (Admin admin = kafka.admin()) {
      await(admin.createAcls(List.of(binding)).all(), "grant " + binding);
    }
  }

  /** Allows {@code operation} on one topic. */
  public void allowTopic(String user, String topic, AclOperation operation) {
    allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, operation);
  }

  /**
   * What a Kafka Streams application needs for itself under its application id: its consumer group,
   * its transactional ids (exactly-once) and its internal topics (changelogs).
   */
  public void allowStreamsApplication(String user, String applicationId) {
    allow(user, ResourceType.GROUP, applicationId, PatternType.PREFIXED, AclOperation.READ);
    allow(
        user,
        ResourceType.TRANSACTIONAL_ID,
        applicationId,
        PatternType.PREFIXED,
        AclOperation.WRITE);
    allow(
        user,
        ResourceType.TRANSACTIONAL_ID,
        applicationId,
        PatternType.PREFIXED,
        AclOperation.DESCRIBE);
    allow(user, ResourceType.TOPIC, applicationId, PatternType.PREFIXED, AclOperation.ALL);
  }

  /**
   * A client's settings for the secured listener, as the {@code KAFKA_*} environment variables the
   * services document (Confluent-image style).
   */
  public Map<String, String> clientEnvironment(
      String user, String password, Path trustStore, String trustStorePassword) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", secureBootstrapServers());
    env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
    env.put("KAFKA_SASL_MECHANISM", MECHANISM);
    env.put(
        "KAFKA_SASL_JAAS_CONFIG",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
    env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", trustStore.toString());
    env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", trustStorePassword);
    env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
    return env;
  }

  /**
   * The same settings as Kafka client properties ({@code KAFKA_SASL_MECHANISM} → {@code
   * sasl.mechanism}).
   */
  public Map<String, String> clientProperties(
      String user, String password, Path trustStore, String trustStorePassword) {
    Map<String, String> props = new LinkedHashMap<>();
    clientEnvironment(user, password, trustStore, trustStorePassword)
        .forEach(
            (env, value) ->
                props.put(
                    env.substring("KAFKA_".length())
                        .toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '.'),
                    value));
    return props;
  }

  @Override
  public void close() {
    kafka.close();
  }

  private static void await(org.apache.kafka.common.KafkaFuture<Void> future, String what) {
    try {
      future.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
    }
  }
}
