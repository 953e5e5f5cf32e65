package io.compressnet.bench.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Writes a throughput run's pre-loaded input and makes sure all of it is in the topic. */
final class InputLoader {

  /** Rounds of sending: the first, then resends of the records that failed. */
  static final int MAX_ROUNDS = 3;

  /** What was loaded: records and their payload (key + value) bytes as serialized. */
  record Loaded(long records, long payloadBytes) {}

  private InputLoader() {}

  /**
   * Sends {@code recordAt(0 .. n-1)} to {@code topic} and checks that the topic grew by {@code n}.
   *
   * <p>A run is timed until its target count of outputs is committed; when the input holds fewer
   * records than the target, the app processes everything, goes idle and the run waits for its
   * whole timeout (the {@code encoder-b64-zstd-topics} stall in docs/bench/README.md). So every
   * send's result is checked (a producer reports a failed batch only to its callback, not to {@code
   * flush()}), records that failed are sent again a few times (a retriable error that outlived the
   * producer's own retries), and the topic is counted afterwards.
   *
   * @throws IllegalStateException naming how many records are missing, and why, after {@link
   *     #MAX_ROUNDS}
   */
  static Loaded load(
      Producer<String, byte[]> producer,
      Admin admin,
      String topic,
      int n,
      IntFunction<ProducerRecord<String, byte[]>> recordAt)
      throws InterruptedException {
    long before = recordsIn(admin, topic);
    AtomicLong payload = new AtomicLong();
    Map<Integer, Exception> failed = new ConcurrentHashMap<>();
    List<Integer> toSend = IntStream.range(0, n).boxed().toList();
    for (int round = 1; round <= MAX_ROUNDS && !toSend.isEmpty(); round++) {
      failed.clear();
      for (int i : toSend) {
        producer.send(
            recordAt.apply(i),
            (metadata, error) -> {
              if (error != null) {
                failed.put(i, error);
              } else {
                payload.addAndGet(
                    Math.max(0, metadata.serializedKeySize())
                        + Math.max(0, metadata.serializedValueSize()));
              }
            });
      }
      producer.flush(); // every callback has run when flush returns
      toSend = failed.keySet().stream().sorted().toList();
    }
    long added = recordsIn(admin, topic) - before;
    if (!failed.isEmpty() || added != n) {
      Exception first = failed.values().stream().findFirst().orElse(null);
      throw new IllegalStateException(
          String.format(
              "pre-loading %s: %d of %d records missing after %d rounds (the topic grew by %d)%s",
              topic,
              Math.max(failed.size(), n - added),
              n,
              MAX_ROUNDS,
              added,
              first == null ? "" : "; first error: " + first),
          first);
    }
    return new Loaded(n, payload.get());
  }

  /**
   * Records in {@code topic}: the sum over its partitions of end minus start offset (exact for a
   * topic written without transactions, as the pre-loaded inputs are).
   */
  static long recordsIn(Admin admin, String topic) throws InterruptedException {
    try {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .forEach(
              p -> {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
              });
      return offsetSum(admin, latest) - offsetSum(admin, earliest);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot count the records of " + topic + ": " + e.getCause());
    }
  }

  private static long offsetSum(Admin admin, Map<TopicPartition, OffsetSpec> query)
      throws InterruptedException, ExecutionException {
    return admin.listOffsets(query).all().get().values().stream()
        .mapToLong(ListOffsetsResultInfo::offset)
        .sum();
  }
}
