package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class BatchingProcessorTest {

  private static final BatchSettings SETTINGS =
      new BatchSettings("buffer", 3, Duration.ofMillis(50), 100, BatchSettings.DEFAULT_BACKLOG);

  /** Upper-cases strings in batches; a batch containing "boom" fails as a whole. */
  static final class UpperCaser extends BatchingProcessor<String> {
    UpperCaser(SharedBatches<String> shared, ServiceMetrics metrics) {
      super(SETTINGS, strictUtf8(), "out", shared, metrics);
    }

    @Override
    protected void validate(String value) {
      if (value.isEmpty()) {
        throw new InvalidRecordException("empty");
      }
    }

    @Override
    protected List<Outcome> computeBatch(List<Pending<String>> batch) {
      if (batch.stream().anyMatch(p -> p.value().equals("boom"))) {
        throw new IllegalStateException("model exploded");
      }
      if (batch.stream().anyMatch(p -> p.value().equals("fenced"))) {
        throw new org.apache.kafka.streams.errors.TaskMigratedException("producer fenced");
      }
      return batch.stream()
          .map(
              p ->
                  Outcome.of(
                      new Record<>(
                          p.key(),
                          p.value().toUpperCase() + "/" + batch.size(),
                          p.source().timestamp())))
          .collect(Collectors.toList());
    }

    @Override
    protected String batchStage() {
      return "infer";
    }
  }

  private static Deserializer<String> strictUtf8() {
    return (topic, data) -> {
      if (data.length > 0 && data[0] == (byte) 0xFF) {
        throw new org.apache.kafka.common.errors.SerializationException("bad first byte");
      }
      return new String(data, StandardCharsets.UTF_8);
    };
  }

  @Test
  void shouldBatchBySizeAndByWallClockAndDeadLetterFailuresWithCountsAddingUp() {
    // Given
    ServiceMetrics metrics = ServiceMetrics.inMemory("test");

    try (TopologyTestDriver driver = upperCasingDriver(metrics)) {
      TestInputTopic<String, byte[]> input = inputTopic(driver);
      TestOutputTopic<String, String> output = outputTopic(driver);
      TestOutputTopic<byte[], byte[]> dlq = dlqTopic(driver);

      // When: a bad record first, then a full batch, then a partial one flushed by the clock
      input.pipeInput("k0", new byte[] {(byte) 0xFF, 1});
      input.pipeInput("k1", utf8("a"));
      input.pipeInput("k2", utf8("b"));
      input.pipeInput("t", (byte[]) null);
      input.pipeInput("e", utf8(""));
      input.pipeInput("big", new byte[101]);
      assertThat(output.isEmpty()).isTrue();
      input.pipeInput("k3", utf8("c"));
      List<KeyValue<String, String>> full = output.readKeyValuesToList();
      input.pipeInput("k4", utf8("d"));
      assertThat(output.isEmpty()).isTrue();
      // Two ticks: a partial batch is flushed once no record arrived for a whole tick.
      driver.advanceWallClockTime(Duration.ofMillis(50));
      driver.advanceWallClockTime(Duration.ofMillis(50));
      List<KeyValue<String, String>> partial = output.readKeyValuesToList();
      input.pipeInput("k5", utf8("boom"));
      input.pipeInput("k6", utf8("x"));
      // Two ticks: a partial batch is flushed once no record arrived for a whole tick.
      driver.advanceWallClockTime(Duration.ofMillis(50));
      driver.advanceWallClockTime(Duration.ofMillis(50));

      // Then
      assertThat(full)
          .containsExactly(
              KeyValue.pair("k1", "A/3"), KeyValue.pair("k2", "B/3"), KeyValue.pair("k3", "C/3"));
      assertThat(partial).containsExactly(KeyValue.pair("k4", "D/1"));
      assertThat(output.isEmpty()).isTrue();
      List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
      assertThat(
              letters.stream()
                  .map(
                      r ->
                          new String(r.key(), StandardCharsets.UTF_8)
                              + ":"
                              + DeadLetter.header(r.headers(), DeadLetter.STAGE)
                              + ":"
                              + DeadLetter.header(r.headers(), DeadLetter.ERROR_MESSAGE)
                              + ":"
                              + DeadLetter.header(r.headers(), DeadLetter.OFFSET))
                  .collect(Collectors.toList()))
          .containsExactly(
              "k0:deserialize:bad first byte:0",
              "e:validate:empty:4",
              "big:validate:record of 101 bytes exceeds the limit of 100:5",
              "k5:infer:model exploded:8",
              "k6:infer:model exploded:9");
      assertThat(letters.get(3).value()).isEqualTo(utf8("boom"));
      assertThat(metrics.inCount()).isEqualTo(10);
      assertThat(metrics.tombstoneCount()).isEqualTo(1);
      assertThat(metrics.outCount()).isEqualTo(4);
      assertThat(metrics.deadLetterCount()).isEqualTo(5);
      assertThat(metrics.inCount())
          .isEqualTo(metrics.outCount() + metrics.deadLetterCount() + metrics.tombstoneCount());
      assertThat(Map.of("batches", metrics.batchCount())).containsEntry("batches", 2L);
    }
  }

  @Test
  void shouldRethrowKafkaFailuresInsteadOfDeadLetteringTheBatch() {
    // Given
    ServiceMetrics metrics = ServiceMetrics.inMemory("test");
    SharedBatches<String> shared = new SharedBatches<>();
    UpperCaser processor = new UpperCaser(shared, metrics);
    org.apache.kafka.streams.processor.api.MockProcessorContext<Object, Object> context =
        new org.apache.kafka.streams.processor.api.MockProcessorContext<>();
    context.setCurrentSystemTimeMs(0);
    org.apache.kafka.streams.state.KeyValueStore<Long, byte[]> store = mockContextStore();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    processor.init(context);

    // When / Then
    processor.process(new Record<>(utf8("k1"), utf8("a"), 0L));
    processor.process(new Record<>(utf8("k2"), utf8("fenced"), 0L));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> processor.process(new Record<>(utf8("k3"), utf8("b"), 0L)))
        .isInstanceOf(org.apache.kafka.streams.errors.TaskMigratedException.class);
    assertThat(context.forwarded()).isEmpty();
    assertThat(metrics.deadLetterCount()).isZero();
    assertThat(store.approximateNumEntries()).isEqualTo(3);
  }

  @Test
  void shouldFillOneBatchFromAllTasksOfAStreamThreadAndForwardEachRecordFromItsOwnTask() {
    // Given two tasks (partitions 0 and 1) of one stream thread, sharing the thread's batch
    ServiceMetrics metrics = ServiceMetrics.inMemory("test");
    SharedBatches<String> shared = new SharedBatches<>();
    Task task0 = new Task(shared, metrics);
    Task task1 = new Task(shared, metrics);

    // When three records arrive, spread over both partitions (batch size 3)
    task0.process("k1", "a");
    task1.process("k2", "b");
    task0.process("k3", "c");
    List<String> task0After = task0.forwardedValues();
    List<String> task1BeforeItsTick = task1.forwardedValues();
    task1.tick(SETTINGS.maxWait().toMillis());

    // Then one pass of three served both; each task forwarded its own records from its context
    assertThat(task0After).containsExactly("A/3", "C/3");
    assertThat(task1BeforeItsTick).isEmpty();
    assertThat(task1.forwardedValues()).containsExactly("B/3");
    assertThat(metrics.batchCount()).isEqualTo(1);
    assertThat(metrics.outCount()).isEqualTo(3);
    assertThat(task0.store.approximateNumEntries()).isZero();
    assertThat(task1.store.approximateNumEntries()).isZero();
  }

  @Test
  void shouldDropAClosedTasksWaitingRecordsFromTheThreadBatchButKeepThemInItsStore() {
    // Given two tasks of one thread, one record waiting in each
    ServiceMetrics metrics = ServiceMetrics.inMemory("test");
    SharedBatches<String> shared = new SharedBatches<>();
    Task task0 = new Task(shared, metrics);
    Task task1 = new Task(shared, metrics);
    task0.process("k1", "a");
    task1.process("k2", "b");

    // When task 1 closes (its partition moves away) and task 0's partial batch is flushed
    task1.processor.close();
    task0.tick(SETTINGS.maxWait().toMillis());
    task0.tick(2 * SETTINGS.maxWait().toMillis());

    // Then only task 0's record was computed; task 1's stays buffered for the next owner
    assertThat(task0.forwardedValues()).containsExactly("A/1");
    assertThat(task1.forwardedValues()).isEmpty();
    assertThat(task1.store.approximateNumEntries()).isEqualTo(1);
    assertThat(shared.threads()).isEqualTo(1);
    task0.processor.close();
    assertThat(shared.threads()).isZero();
  }

  @Test
  void shouldComputeRecordsRestoredFromTheBufferStoreAtTheNextTick() {
    // Given a task's store that already holds a buffered record (restored from its changelog)
    ServiceMetrics metrics = ServiceMetrics.inMemory("test");
    Task crashed = new Task(new SharedBatches<>(), metrics);
    crashed.process("k1", "a");
    org.apache.kafka.streams.state.KeyValueStore<Long, byte[]> restored = crashed.store;

    // When a new instance takes the partition over with that store and a tick passes
    Task next = new Task(new SharedBatches<>(), metrics, restored);
    next.tick(SETTINGS.maxWait().toMillis());
    next.process("k2", "b");
    next.tick(2 * SETTINGS.maxWait().toMillis());
    next.tick(3 * SETTINGS.maxWait().toMillis());

    // Then the restored record is emitted first, and the new one continues after it
    assertThat(next.forwardedValues()).containsExactly("A/1", "B/1");
    assertThat(restored.approximateNumEntries()).isZero();
  }

  @Test
  void shouldLetTheBatchFillPastTheMaxWaitWhileRecordsArriveBehindTheirTimestamps() {
    // Given the same arrivals twice: records 10 s late (a backlog), and records on time
    List<String> late = arriveAroundTheMaxWait(10_000);
    List<String> onTime = arriveAroundTheMaxWait(0);

    // Then behind a backlog the batch waits to fill, while on-time records run after the max wait
    assertThat(late).containsExactly("A/3", "B/3", "C/3");
    assertThat(onTime).containsExactly("A/2", "B/2");
  }

  /**
   * Records a, b, c, arriving {@code lagMs} after their timestamps, with ticks in between that see
   * records still arriving: the second tick comes 60 ms after a arrived (max wait 50 ms, batch 3).
   */
  private static List<String> arriveAroundTheMaxWait(long lagMs) {
    Task task = new Task(new SharedBatches<>(), ServiceMetrics.inMemory("test"));
    long start = 100_000;
    task.tick(start);
    task.process("k1", "a", start - lagMs);
    task.tick(start + 30);
    task.process("k2", "b", start + 30 - lagMs);
    task.tick(start + 60);
    task.process("k3", "c", start + 60 - lagMs);
    return task.forwardedValues();
  }

  /** One task: an {@link UpperCaser} on a mock context with its own buffer store. */
  private static final class Task {
    final org.apache.kafka.streams.processor.api.MockProcessorContext<Object, Object> context =
        new org.apache.kafka.streams.processor.api.MockProcessorContext<>();
    final org.apache.kafka.streams.state.KeyValueStore<Long, byte[]> store;
    final UpperCaser processor;

    Task(SharedBatches<String> shared, ServiceMetrics metrics) {
      this(shared, metrics, mockContextStore());
    }

    Task(
        SharedBatches<String> shared,
        ServiceMetrics metrics,
        org.apache.kafka.streams.state.KeyValueStore<Long, byte[]> store) {
      this.store = store;
      context.setCurrentSystemTimeMs(0); // records arrive at wall-clock 0 unless a tick moved it
      if (!store.isOpen()) {
        store.init(context.getStateStoreContext(), store);
      }
      context.addStateStore(store);
      processor = new UpperCaser(shared, metrics);
      processor.init(context);
    }

    void process(String key, String value) {
      process(key, value, 0L);
    }

    void process(String key, String value, long timestamp) {
      processor.process(new Record<>(utf8(key), utf8(value), timestamp));
    }

    void tick(long now) {
      context.setCurrentSystemTimeMs(now);
      context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
    }

    List<String> forwardedValues() {
      return context.forwarded().stream()
          .map(f -> String.valueOf(f.record().value()))
          .collect(Collectors.toList());
    }
  }

  @Test
  void shouldTimeEachRecordsLagBehindItsTimestampAndItsWaitForItsBatch() {
    // Given the same topology, its wall clock at a known instant
    ServiceMetrics metrics = ServiceMetrics.inMemory("test");
    long start = 1_000_000L;
    try (TopologyTestDriver driver = upperCasingDriver(metrics, Instant.ofEpochMilli(start))) {
      TestInputTopic<String, byte[]> input = inputTopic(driver);
      Duration halfWait = SETTINGS.maxWait().dividedBy(2);

      // When a record stamped 200 ms ago arrives, then, half a wait later, one stamped now and one
      // stamped 30 ms ahead of our clock, and the batch runs a full wait after the first arrived
      input.pipeInput("k1", utf8("a"), start - 200);
      driver.advanceWallClockTime(halfWait);
      input.pipeInput("k2", utf8("b"), start + halfWait.toMillis());
      input.pipeInput("k3", utf8("c"), start + halfWait.toMillis() + 30);

      // Then the lags are 200, 0 and 0 ms (ahead counts as on time) and the waits 25, 0 and 0 ms:
      // the third record filled the batch, which ran at once
      assertThat(metrics.batchCount()).isEqualTo(1);
      assertThat(metrics.recordLagTimer().count()).isEqualTo(3);
      assertThat(metrics.recordLagTimer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(200.0);
      assertThat(metrics.recordLagTimer().max(TimeUnit.MILLISECONDS)).isEqualTo(200.0);
      assertThat(metrics.batchWaitTimer().count()).isEqualTo(3);
      assertThat(metrics.batchWaitTimer().totalTime(TimeUnit.MILLISECONDS))
          .isEqualTo((double) halfWait.toMillis());
      assertThat(metrics.batchWaitTimer().max(TimeUnit.MILLISECONDS))
          .isEqualTo((double) halfWait.toMillis());
    }
  }

  /** input → UpperCaser (buffer store, DLQ sink "dlq") → output, in a test driver. */
  private static TopologyTestDriver upperCasingDriver(ServiceMetrics metrics) {
    return upperCasingDriver(metrics, Instant.now());
  }

  /** The same, its wall clock starting at {@code wallClock}. */
  private static TopologyTestDriver upperCasingDriver(ServiceMetrics metrics, Instant wallClock) {
    Topology topology = new Topology();
    topology.addSource(
        "in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), "input");
    SharedBatches<String> shared = new SharedBatches<>();
    topology.addProcessor("batch", () -> new UpperCaser(shared, metrics), "in");
    topology.addStateStore(BatchingProcessor.bufferStore(SETTINGS), "batch");
    topology.addSink(
        "out", "output", Serdes.String().serializer(), Serdes.String().serializer(), "batch");
    DeadLetters.addSink(topology, "dlq", "batch");
    Properties props = new Properties();
    props.put("application.id", "batching-test");
    props.put("bootstrap.servers", "unused:9092");
    return new TopologyTestDriver(topology, props, wallClock);
  }

  /** The driver's "input" topic: String keys, byte-array values. */
  private static TestInputTopic<String, byte[]> inputTopic(TopologyTestDriver driver) {
    return driver.createInputTopic(
        "input", Serdes.String().serializer(), Serdes.ByteArray().serializer());
  }

  /** The driver's "output" topic: String keys and values. */
  private static TestOutputTopic<String, String> outputTopic(TopologyTestDriver driver) {
    return driver.createOutputTopic(
        "output", Serdes.String().deserializer(), Serdes.String().deserializer());
  }

  /** The driver's "dlq" topic: raw key and value bytes. */
  private static TestOutputTopic<byte[], byte[]> dlqTopic(TopologyTestDriver driver) {
    return driver.createOutputTopic(
        "dlq", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldRunAPartialBatchWhenItsOldestRecordHasWaitedTheMaxWaitWhileRecordsKeepArriving() {
    // Given the same topology (batch size 3, max wait 50 ms, so ticks every 25 ms)
    ServiceMetrics metrics = ServiceMetrics.inMemory("test");
    try (TopologyTestDriver driver = upperCasingDriver(metrics)) {
      TestInputTopic<String, byte[]> input = inputTopic(driver);
      TestOutputTopic<String, String> output = outputTopic(driver);
      Duration halfWait = SETTINGS.maxWait().dividedBy(2);

      // When one record arrives before each of two ticks, the second tick a full wait after the
      // first record
      input.pipeInput("k1", utf8("a"));
      driver.advanceWallClockTime(halfWait);
      boolean heldBeforeTheWait = output.isEmpty();
      input.pipeInput("k2", utf8("b"));
      driver.advanceWallClockTime(halfWait);

      // Then the two records waited for each other, then went out together without a quiet tick
      assertThat(heldBeforeTheWait).isTrue();
      assertThat(output.readKeyValuesToList())
          .containsExactly(KeyValue.pair("k1", "A/2"), KeyValue.pair("k2", "B/2"));
      assertThat(metrics.batchCount()).isEqualTo(1);
    }
  }

  @Test
  void shouldRunAPartialBatchAtTheFirstTickWithoutNewRecords() {
    // Given the same topology
    ServiceMetrics metrics = ServiceMetrics.inMemory("test");
    try (TopologyTestDriver driver = upperCasingDriver(metrics)) {
      TestInputTopic<String, byte[]> input = inputTopic(driver);
      TestOutputTopic<String, String> output = outputTopic(driver);
      Duration halfWait = SETTINGS.maxWait().dividedBy(2);

      // When a record arrives 1 ms before the first tick (which sees it arrive), and the next
      // tick, 26 ms after it arrived, sees no new record
      driver.advanceWallClockTime(halfWait.minusMillis(1));
      input.pipeInput("k1", utf8("a"));
      driver.advanceWallClockTime(Duration.ofMillis(1));
      boolean heldAtTheFirstTick = output.isEmpty();
      driver.advanceWallClockTime(halfWait);

      // Then it went out at the quiet tick, well before its maximum wait of 50 ms
      assertThat(heldAtTheFirstTick).isTrue();
      assertThat(output.readKeyValuesToList()).containsExactly(KeyValue.pair("k1", "A/1"));
    }
  }

  /**
   * The buffer store as {@code MockProcessorContext} can host it: without the changelog and the
   * record cache, which need a running task (the production store has both; the topology tests and
   * the end-to-end tests run it).
   */
  private static org.apache.kafka.streams.state.KeyValueStore<Long, byte[]> mockContextStore() {
    return BatchingProcessor.bufferStore(SETTINGS)
        .withLoggingDisabled()
        .withCachingDisabled()
        .build();
  }
}
