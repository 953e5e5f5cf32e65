package io.compressnet.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.schemas.avro.QualityWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class TimeWindowProcessorTest {

  private static final String MODEL = "m@1";

  /**
   * One published window, as much of it as the reference below can tell: the median latency (exact
   * below 1 s, and every score here has a distinct one below 1 s) tells which scores it kept.
   */
  record Published(long start, long end, long count, long missing, double p50LatencyMs) {}

  @Test
  void shouldPublishWhatPerWindowAggregationWouldForDisorderedInput() {
    // Given 25 s windows advancing by 10 s (slices of 5 s), 3 s of grace, and 3,000 scores whose
    // timestamps wander back by up to 6 s, with a few far older ones and a few missing images
    Duration size = Duration.ofSeconds(25);
    Duration advance = Duration.ofSeconds(10);
    Duration grace = Duration.ofSeconds(3);
    List<Record<String, ScoreEvent>> input = disorderedScores(new Random(42), 3_000);

    // When they go through the processor
    Harness h = new Harness(size, advance, grace);
    input.forEach(h::process);

    // Then every window stream time closed is published once, in order, holding exactly the
    // scores a per-window aggregation (as Kafka Streams' hopping windows) would have kept
    Reference expected = Reference.of(input, size, advance, grace);
    assertThat(h.published).isEqualTo(expected.published);
    assertThat(h.afterClose.get()).isEqualTo(expected.dropped).isPositive();
  }

  @Test
  void shouldNeitherRepeatNorLoseWindowsWhenTheTaskRestartsFromItsStore() {
    // Given the default 60 s / 10 s / 5 s windows and 2,000 scores
    Duration size = Duration.ofSeconds(60);
    Duration advance = Duration.ofSeconds(10);
    Duration grace = Duration.ofSeconds(5);
    List<Record<String, ScoreEvent>> input = disorderedScores(new Random(7), 2_000);
    Harness uninterrupted = new Harness(size, advance, grace);
    input.forEach(uninterrupted::process);

    // When the same scores go to a processor that is replaced by a new instance on the same
    // store (a restarted task) every 300 records
    Harness restarted = new Harness(size, advance, grace);
    for (int i = 0; i < input.size(); i++) {
      if (i > 0 && i % 300 == 0) {
        restarted.restart();
      }
      restarted.process(input.get(i));
    }

    // Then the windows published are exactly those of the uninterrupted run
    assertThat(restarted.published).isEqualTo(uninterrupted.published).hasSizeGreaterThan(10);
  }

  @Test
  void shouldDeleteSlicesNoOpenWindowNeeds() {
    // Given one score a second for 10 minutes
    Harness h = new Harness(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(5));
    for (int s = 0; s < 600; s++) {
      h.process(new Record<>(MODEL, score(20), s * 1000L));
    }

    // Then the store holds only the slices of windows still open (60 s + grace of them: at most
    // 7 slices of 10 s) and the model's cursor
    int entries = 0;
    try (var all = h.store.all()) {
      while (all.hasNext()) {
        all.next();
        entries++;
      }
    }
    assertThat(entries).isBetween(2, 8);
    assertThat(h.published).hasSizeGreaterThan(50);
  }

  private static ScoreEvent score(long latencyMs) {
    return ScoreEvent.scored(0.001, 0.98, 784, 32, latencyMs);
  }

  private static List<Record<String, ScoreEvent>> disorderedScores(Random random, int n) {
    List<Record<String, ScoreEvent>> records = new ArrayList<>();
    long clock = 0;
    for (int i = 0; i < n; i++) {
      clock += random.nextInt(200);
      long ts = Math.max(0, clock - random.nextInt(6_000));
      if (random.nextInt(100) == 0) {
        ts = Math.max(0, clock - 40_000 - random.nextInt(20_000)); // far too late
      }
      ScoreEvent e = random.nextInt(20) == 0 ? ScoreEvent.missingImage() : score(i % 997);
      records.add(new Record<>(MODEL, e, ts));
    }
    return records;
  }

  /** The processor on a mock context with a real in-memory store, as a task would run it. */
  private static final class Harness {
    final Duration size;
    final Duration advance;
    final Duration grace;
    final MockProcessorContext<String, QualityWindow> context = new MockProcessorContext<>();
    final KeyValueStore<String, byte[]> store;
    final AtomicLong afterClose = new AtomicLong();
    final List<Published> published = new ArrayList<>();
    TimeWindowProcessor processor;

    Harness(Duration size, Duration advance, Duration grace) {
      this.size = size;
      this.advance = advance;
      this.grace = grace;
      store =
          Stores.keyValueStoreBuilder(
                  Stores.inMemoryKeyValueStore(TimeWindowProcessor.STORE),
                  Serdes.String(),
                  Serdes.ByteArray())
              .withLoggingDisabled()
              .build();
      context.setCurrentSystemTimeMs(0);
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
      restart();
    }

    void restart() {
      processor =
          new TimeWindowProcessor(
              size,
              advance,
              grace,
              new MonitorListener() {
                @Override
                public void onAfterWindowsClosed(String modelId) {
                  afterClose.incrementAndGet();
                }
              });
      processor.init(context);
    }

    void process(Record<String, ScoreEvent> record) {
      processor.process(record);
      for (var forward : context.forwarded()) {
        QualityWindow w = forward.record().value();
        assertThat(forward.record().timestamp()).isEqualTo(w.getWindowEnd().toEpochMilli());
        published.add(
            new Published(
                w.getWindowStart().toEpochMilli(),
                w.getWindowEnd().toEpochMilli(),
                w.getCount(),
                w.getMissing(),
                w.getCount() == 0 ? -1 : w.getLatencyP50Ms()));
      }
      context.resetForwards();
    }
  }

  /**
   * Brute force: every window (start a multiple of the advance, not before 0) keeps the records
   * that fall in it and arrive before stream time (including their own timestamp) passes its end +
   * grace; a window is published when stream time passes its end + grace, if it kept any.
   */
  private static final class Reference {
    final List<Published> published = new ArrayList<>();
    long dropped;

    static Reference of(
        List<Record<String, ScoreEvent>> input, Duration size, Duration advance, Duration grace) {
      long s = size.toMillis();
      long a = advance.toMillis();
      long g = grace.toMillis();
      Reference r = new Reference();
      TreeMap<Long, List<Long>> windows = new TreeMap<>(); // start -> latencies, -1 = missing
      long streamTime = Long.MIN_VALUE;
      for (Record<String, ScoreEvent> rec : input) {
        streamTime = Math.max(streamTime, rec.timestamp());
        boolean kept = false;
        for (long w = Math.floorDiv(rec.timestamp(), a) * a; w > rec.timestamp() - s; w -= a) {
          if (w < 0 || w + s + g <= streamTime) {
            continue;
          }
          kept = true;
          windows
              .computeIfAbsent(w, k -> new ArrayList<>())
              .add(rec.value().missing() ? -1 : rec.value().latencyMs());
        }
        if (!kept) {
          r.dropped++;
        }
        while (!windows.isEmpty() && windows.firstKey() + s + g <= streamTime) {
          var e = windows.pollFirstEntry();
          List<Long> latencies = e.getValue().stream().filter(l -> l >= 0).sorted().toList();
          long missing = e.getValue().size() - latencies.size();
          double p50 =
              latencies.isEmpty() ? -1 : latencies.get((int) Math.ceil(0.5 * latencies.size()) - 1);
          r.published.add(
              new Published(e.getKey(), e.getKey() + s, latencies.size(), missing, p50));
        }
      }
      return r;
    }
  }
}
