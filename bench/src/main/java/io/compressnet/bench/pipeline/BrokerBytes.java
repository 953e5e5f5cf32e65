package io.compressnet.bench.pipeline;

import static io.compressnet.bench.pipeline.Stats.round3;

import io.compressnet.bench.pipeline.PipelineResult.TopicBytes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Bytes per image as the broker stores them: the topics' log sizes ({@code Admin.describeLogDirs})
 * against the payload of their committed records, per record; plus the batch buffer changelogs of
 * the first encoder and decoder runs at batch 64, per image processed.
 */
final class BrokerBytes {

  /** A topic to account for, under a key and a description for the report. */
  record Probe(String key, String topic, String what) {}

  /** Committed records of a topic and the sum of their key, value and header bytes. */
  private record Payload(long records, long bytes) {}

  private final BenchBroker broker;
  private final int count;
  private final PrintStream log;

  /** {@code count}: the images of a run, for a changelog whose app's output is not probed. */
  BrokerBytes(BenchBroker broker, int count, PrintStream log) {
    this.broker = broker;
    this.count = count;
    this.log = log;
  }

  List<TopicBytes> measure(List<Probe> probes) throws Exception {
    Map<TopicPartition, Long> sizes = replicaSizes();
    List<TopicBytes> out = new ArrayList<>();
    Map<String, Long> committed = new HashMap<>();
    for (Probe probe : probes) {
      Payload payload = payload(probe.topic());
      committed.put(probe.key(), payload.records());
      // Divide by the records actually in the topic: an app stopped after N outputs may have
      // committed more than N before it closed.
      out.add(row(probe.key(), probe.what(), probe.topic(), payload.records(), sizes, payload));
    }
    // The buffer changelogs: what batching writes to the broker per image the app processed.
    for (String changelog : changelogs(sizes)) {
      String service = changelog.contains("encoder-b64-r1-") ? "encoder" : "decoder";
      long images =
          committed.getOrDefault(
              service.equals("encoder") ? "latent" : "reconstructed", (long) count);
      String what = service + " batch buffer changelog, per image processed (puts and deletes)";
      out.add(row("changelog", what, changelog, images, sizes, payload(changelog)));
    }
    log.printf("bytes: %s%n", out);
    return out;
  }

  private static TopicBytes row(
      String key,
      String what,
      String topic,
      long records,
      Map<TopicPartition, Long> sizes,
      Payload payload) {
    LogBytes b =
        new LogBytes(topic, records, LogBytes.topicLogBytes(sizes, topic), payload.bytes());
    return new TopicBytes(
        key,
        what,
        topic,
        b.records(),
        b.logBytes(),
        round3(b.logBytesPerRecord()),
        round3(b.payloadBytesPerRecord()),
        round3(b.overheadPerRecord()));
  }

  /** The changelogs of the first repetition's encoder and decoder at batch 64, by name. */
  private static List<String> changelogs(Map<TopicPartition, Long> sizes) {
    return sizes.keySet().stream()
        .map(TopicPartition::topic)
        .distinct()
        .filter(t -> t.endsWith("-changelog"))
        .filter(t -> t.contains("encoder-b64-r1-") || t.contains("decoder-b64-r1-"))
        .sorted()
        .toList();
  }

  private Map<TopicPartition, Long> replicaSizes() throws Exception {
    try (Admin admin = broker.admin()) {
      List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
      Map<TopicPartition, Long> sizes = new LinkedHashMap<>();
      for (Map<String, LogDirDescription> dirs :
          admin.describeLogDirs(brokers).allDescriptions().get().values()) {
        for (LogDirDescription dir : dirs.values()) {
          for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
            sizes.merge(r.getKey(), r.getValue().size(), Long::sum);
          }
        }
      }
      return sizes;
    }
  }

  /** Sum of key, value and header bytes of every committed record of {@code topic}. */
  private Payload payload(String topic) {
    long total = 0;
    long records = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        CommittedConsumer.create(broker.bootstrapServers())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(x -> new TopicPartition(topic, x.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      for (int idle = 0; idle < 10 && !caughtUp(consumer, end); ) {
        var polled = consumer.poll(Duration.ofMillis(200));
        idle = polled.isEmpty() ? idle + 1 : 0;
        for (ConsumerRecord<byte[], byte[]> r : polled) {
          Map<String, byte[]> headers = new LinkedHashMap<>();
          for (Header h : r.headers()) {
            headers.put(h.key(), h.value());
          }
          total += LogBytes.payloadBytes(r.key(), r.value(), headers);
          records++;
        }
      }
    }
    return new Payload(records, total);
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
