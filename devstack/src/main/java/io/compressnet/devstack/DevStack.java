package io.compressnet.devstack;

import io.compressnet.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole local stack: an {@link EmbeddedKafka} broker, a {@link LocalRegistry} and every
 * CompressNet topic ({@link Topics#all()}, {@value Topics#DEFAULT_PARTITIONS} partitions by
 * default). Used by {@code compressnet devstack}, the demo and integration tests.
 */
public final class DevStack implements AutoCloseable {

  private final EmbeddedKafka kafka;
  private final LocalRegistry registry;

  private DevStack(EmbeddedKafka kafka, LocalRegistry registry) {
    this.kafka = kafka;
    this.registry = registry;
  }

  /** Starts broker and registry on free ports and creates the topics. */
  public static DevStack start() {
    return start(Options.defaults());
  }

  /**
   * Starts the registry's child JVM first (it is the slower of the two), the broker in this JVM
   * meanwhile, then waits for both and creates the topics. Anything started is stopped again if a
   * later step fails.
   */
  public static DevStack start(Options options) {
    Objects.requireNonNull(options);
    // Fail before starting anything when the registry distribution is missing.
    Path registryHome = LocalRegistry.locateHome();
    CompletableFuture<LocalRegistry> registryStart =
        CompletableFuture.supplyAsync(
            () -> {
              LocalRegistry.Builder builder =
                  LocalRegistry.builder()
                      .home(registryHome)
                      .port(options.registryPort())
                      .startupTimeout(options.registryStartupTimeout());
              if (options.registryLogFile() != null) {
                builder.logFile(options.registryLogFile());
              }
              return builder.start();
            });
    EmbeddedKafka kafka = null;
    try {
      EmbeddedKafka.Builder kafkaBuilder = EmbeddedKafka.builder().port(options.kafkaPort());
      if (options.kafkaLogDir() != null) {
        kafkaBuilder.logDir(options.kafkaLogDir());
      }
      kafka = kafkaBuilder.start();
      if (!options.topics().isEmpty()) {
        kafka.createTopics(options.topics(), options.partitions());
      }
      LocalRegistry registry = joinRegistry(registryStart);
      return new DevStack(kafka, registry);
    } catch (RuntimeException e) {
      registryStart.thenAccept(LocalRegistry::close);
      if (kafka != null) {
        kafka.close();
      }
      throw e;
    }
  }

  private static LocalRegistry joinRegistry(CompletableFuture<LocalRegistry> registryStart) {
    try {
      return registryStart.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /**
   * The Confluent-compatible registry URL, i.e. what clients use as {@code schema.registry.url}.
   */
  public String registryUrl() {
    return registry.confluentApiUrl();
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public LocalRegistry registry() {
    return registry;
  }

  /** Stops the registry process and the broker (and deletes their temporary files). */
  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      kafka.close();
    }
  }

  /**
   * How to start the stack.
   *
   * @param kafkaPort broker client port, 0 for a free one
   * @param registryPort registry HTTP port, 0 for a free one
   * @param kafkaLogDir broker log directory to keep, or null for a temporary one
   * @param registryLogFile registry output file to keep, or null for a temporary one
   * @param topics topics to create (empty for none)
   * @param partitions partitions per created topic
   * @param registryStartupTimeout how long to wait for the registry to be ready
   */
  public record Options(
      int kafkaPort,
      int registryPort,
      Path kafkaLogDir,
      Path registryLogFile,
      List<String> topics,
      int partitions,
      Duration registryStartupTimeout) {

    public Options {
      topics = List.copyOf(topics);
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
      }
      Objects.requireNonNull(registryStartupTimeout);
    }

    /** Free ports, temporary storage, every CompressNet topic with 6 partitions, 60 s timeout. */
    public static Options defaults() {
      return new Options(
          0, 0, null, null, Topics.all(), Topics.DEFAULT_PARTITIONS, Duration.ofSeconds(60));
    }

    public Options withKafkaPort(int port) {
      return new Options(
          port,
          registryPort,
          kafkaLogDir,
          registryLogFile,
          topics,
          partitions,
          registryStartupTimeout);
    }

    public Options withRegistryPort(int port) {
      return new Options(
          kafkaPort,
          port,
          kafkaLogDir,
          registryLogFile,
          topics,
          partitions,
          registryStartupTimeout);
    }

    public Options withKafkaLogDir(Path dir) {
      return new Options(
          kafkaPort,
          registryPort,
          dir,
          registryLogFile,
          topics,
          partitions,
          registryStartupTimeout);
    }

    public Options withRegistryLogFile(Path file) {
      return new Options(
          kafkaPort, registryPort, kafkaLogDir, file, topics, partitions, registryStartupTimeout);
    }

    public Options withTopics(List<String> names, int partitionCount) {
      return new Options(
          kafkaPort,
          registryPort,
          kafkaLogDir,
          registryLogFile,
          names,
          partitionCount,
          registryStartupTimeout);
    }

    public Options withPartitions(int partitionCount) {
      return withTopics(topics, partitionCount);
    }

    public Options withRegistryStartupTimeout(Duration timeout) {
      return new Options(
          kafkaPort, registryPort, kafkaLogDir, registryLogFile, topics, partitions, timeout);
    }
  }
}
