package io.compressnet.cli.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag of each service's group: over every partition of its input topics, the last stable
 * offset (what a {@code read_committed} reader can see) minus the group's committed offset (0
 * before its first commit). Under exactly-once a service commits with each transaction, so this is
 * the work it has not yet finished, in records.
 */
final class GroupLag implements AutoCloseable {

  private final Admin admin;
  private final Map<String, List<String>> inputsByGroup;
  private List<TopicPartition> partitions;

  GroupLag(String bootstrap, Map<String, List<String>> inputsByGroup) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "compressnet-bench-live-lag");
    this.admin = Admin.create(p);
    this.inputsByGroup = inputsByGroup;
  }

  /** Lag in records per group, in the order given. */
  Map<String, Long> sample() throws Exception {
    if (partitions == null) {
      partitions = partitionsOf(inputsByGroup.values().stream().flatMap(List::stream).toList());
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    var ends =
        admin
            .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all()
            .get(5, TimeUnit.SECONDS);
    Map<String, Long> lag = new LinkedHashMap<>();
    for (var group : inputsByGroup.entrySet()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group.getKey())
              .partitionsToOffsetAndMetadata()
              .get(5, TimeUnit.SECONDS);
      long total = 0;
      for (TopicPartition tp : partitions) {
        if (group.getValue().contains(tp.topic())) {
          OffsetAndMetadata c = committed.get(tp);
          total += Math.max(0, ends.get(tp).offset() - (c == null ? 0 : c.offset()));
        }
      }
      lag.put(group.getKey(), total);
    }
    return lag;
  }

  private List<TopicPartition> partitionsOf(List<String> topics) throws Exception {
    List<TopicPartition> out = new ArrayList<>();
    var descriptions =
        admin
            .describeTopics(topics.stream().distinct().toList())
            .allTopicNames()
            .get(30, TimeUnit.SECONDS);
    descriptions.forEach(
        (topic, d) ->
            d.partitions().forEach(p -> out.add(new TopicPartition(topic, p.partition()))));
    return out;
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
