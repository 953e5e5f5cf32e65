package io.compressnet.bench.pipeline;

import static io.compressnet.bench.pipeline.Stats.round3;

import io.compressnet.bench.pipeline.PipelineResult.TopicBytes;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Bytes per image as the broker stores them: the summed size of a topic's log segments ({@code
 * Admin.describeLogDirs}: record batches with their headers, compression, transaction markers)
 * against the payload of its committed records (key + value + header keys and values), per record;
 * plus the batch buffer changelogs of the first encoder and decoder runs at batch 64, per image
 * processed.
 */
final class BrokerBytes {

  /** A topic to account for, under a key and a description for the report. */
  record Probe(String key, String topic, String what) {}

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
      long[] payload = payload(probe.topic());
      committed.put(probe.key(), payload[0]);
      // Divide by the records actually in the topic: an app stopped after N outputs may have
      // committed more than N before it closed.
      long logBytes = topicLogBytes(sizes, probe.topic());
      out.add(row(probe.key(), probe.what(), probe.topic(), payload[0], logBytes, payload[1]));
    }
    // The buffer changelogs of the first repetition's encoder and decoder at batch 64: what
    // batching writes to the broker per image the app processed.
    List<String> changelogs =
        sizes.keySet().stream()
            .map(TopicPartition::topic)
            .distinct()
            .filter(t -> t.endsWith("-changelog"))
            .filter(t -> t.contains("encoder-b64-r1-") || t.contains("decoder-b64-r1-"))
            .sorted()
            .toList();
    for (String changelog : changelogs) {
      String service = changelog.contains("encoder-b64-r1-") ? "encoder" : "decoder";
      long images =
          committed.getOrDefault(
              service.equals("encoder") ? "latent" : "reconstructed", (long) count);
      String what = service + " batch buffer changelog, per image processed (puts and deletes)";
      long logBytes = topicLogBytes(sizes, changelog);
      out.add(row("changelog", what, changelog, images, logBytes, payload(changelog)[1]));
    }
    log.printf("bytes: %s%n", out);
    return out;
  }

  static TopicBytes row(
      String key, String what, String topic, long records, long logBytes, long payloadBytes) {
    double perRecord = perRecord(logBytes, records);
    double payloadPerRecord = perRecord(payloadBytes, records);
    return new TopicBytes(
        key,
        what,
        topic,
        records,
        logBytes,
        round3(perRecord),
        round3(payloadPerRecord),
        round3(perRecord - payloadPerRecord));
  }

  static double perRecord(long bytes, long records) {
    return records == 0 ? Double.NaN : (double) bytes / records;
  }

  /** The log sizes of {@code topic}'s partitions out of a broker's replica sizes, summed. */
  static long topicLogBytes(Map<TopicPartition, Long> replicaSizes, String topic) {
    return replicaSizes.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(topic))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Payload bytes of one record: key, value and every header's key (UTF-8) and value. */
  static long payloadBytes(byte[] key, byte[] value, Map<String, byte[]> headers) {
    long total = length(key) + length(value);
    for (Map.Entry<String, byte[]> h : headers.entrySet()) {
      total += h.getKey().getBytes(StandardCharsets.UTF_8).length + length(h.getValue());
    }
    return total;
  }

  private static long length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  private Map<TopicPartition, Long> replicaSizes() throws Exception {
    try (Admin admin = broker.admin()) {
      List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
      Map<TopicPartition, Long> sizes = new LinkedHashMap<>();
      for (Map<String, LogDirDescription> dirs :
          admin.describeLogDirs(brokers).allDescriptions().get().values()) {
        for (LogDirDescription dir : dirs.values()) {
          dir.replicaInfos().forEach((tp, replica) -> sizes.merge(tp, replica.size(), Long::sum));
        }
      }
      return sizes;
    }
  }

  /** Committed records of {@code topic} and the sum of their key, value and header bytes. */
  private long[] payload(String topic) {
    long[] recordsAndBytes = new long[2];
    try (KafkaConsumer<byte[], byte[]> consumer =
        CommittedConsumer.create(broker.bootstrapServers())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(x -> new TopicPartition(topic, x.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      for (int idle = 0;
          idle < 10
              && !end.entrySet().stream()
                  .allMatch(e -> consumer.position(e.getKey()) >= e.getValue()); ) {
        var polled = consumer.poll(Duration.ofMillis(200));
        idle = polled.isEmpty() ? idle + 1 : 0;
        for (ConsumerRecord<byte[], byte[]> r : polled) {
          Map<String, byte[]> headers = new LinkedHashMap<>();
          for (Header h : r.headers()) {
            headers.put(h.key(), h.value());
          }
          recordsAndBytes[0]++;
          recordsAndBytes[1] += payloadBytes(r.key(), r.value(), headers);
        }
      }
    }
    return recordsAndBytes;
  }
}
