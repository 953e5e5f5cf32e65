package io.compressnet.cli.init;

import io.compressnet.streams.ConfigKey;
import io.compressnet.streams.SchemaGovernance;
import io.compressnet.streams.ServiceConfig;
import java.util.List;
import java.util.Map;

/**
 * What {@code compressnet init} provisions: the topic settings and the compatibility level, read
 * like every service's settings (flags, then the properties file, then the environment, then these
 * defaults, which suit the single-broker devstack; production values are in the README).
 */
public record InitSettings(
    int partitions,
    short replicationFactor,
    int minInsyncReplicas,
    long retentionMs,
    String compressionType,
    String compatibility) {

  public static final ConfigKey PARTITIONS =
      new ConfigKey(
          "compressnet.init.partitions",
          "COMPRESSNET_INIT_PARTITIONS",
          "6",
          "partitions per topic");
  public static final ConfigKey REPLICATION_FACTOR =
      new ConfigKey(
          "compressnet.init.replication.factor",
          "COMPRESSNET_INIT_REPLICATION_FACTOR",
          "1",
          "replicas per partition (production: 3)");
  public static final ConfigKey MIN_INSYNC_REPLICAS =
      new ConfigKey(
          "compressnet.init.min.insync.replicas",
          "COMPRESSNET_INIT_MIN_INSYNC_REPLICAS",
          "1",
          "topic min.insync.replicas (production: 2)");
  public static final ConfigKey RETENTION_MS =
      new ConfigKey(
          "compressnet.init.retention.ms",
          "COMPRESSNET_INIT_RETENTION_MS",
          "604800000",
          "topic retention.ms (7 days)");
  public static final ConfigKey COMPRESSION_TYPE =
      new ConfigKey(
          "compressnet.init.compression.type",
          "COMPRESSNET_INIT_COMPRESSION_TYPE",
          "producer",
          "topic compression.type (producer, zstd, lz4, gzip, snappy, uncompressed)");

  public static final List<ConfigKey> KEYS =
      List.of(PARTITIONS, REPLICATION_FACTOR, MIN_INSYNC_REPLICAS, RETENTION_MS, COMPRESSION_TYPE);

  public InitSettings {
    if (partitions < 1 || replicationFactor < 1 || minInsyncReplicas < 1 || retentionMs < -1) {
      throw new IllegalArgumentException(
          "partitions, replication factor and min.insync.replicas must be at least 1, retention"
              + " -1 (forever) or more");
    }
    if (minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException(
          "min.insync.replicas "
              + minInsyncReplicas
              + " exceeds the replication factor "
              + replicationFactor
              + ": no write could succeed");
    }
  }

  /** The settings of {@code config} (loaded with {@link #KEYS}). */
  public static InitSettings from(ServiceConfig config) {
    return new InitSettings(
        config.getInt(PARTITIONS),
        (short) config.getInt(REPLICATION_FACTOR),
        config.getInt(MIN_INSYNC_REPLICAS),
        config.getLong(RETENTION_MS),
        config.require(COMPRESSION_TYPE),
        SchemaGovernance.parseLevel(config.require(ServiceConfig.SCHEMA_COMPATIBILITY)));
  }

  /** The topic configs {@code init} creates topics with and checks existing ones against. */
  public Map<String, String> topicConfigs() {
    return Map.of(
        "min.insync.replicas", Integer.toString(minInsyncReplicas),
        "retention.ms", Long.toString(retentionMs),
        "compression.type", compressionType);
  }
}
