package io.compressnet.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The counters every CompressNet stream processor exposes, tagged with the service name. In
 * Prometheus: {@code compressnet_records_in_total}, {@code compressnet_records_out_total} (its rate
 * is images/s), {@code compressnet_dlq_records_total{stage}}, {@code compressnet_tombstones_total},
 * {@code compressnet_batch_size} (summary), {@code compressnet_inference_seconds}, {@code
 * compressnet_record_lag_seconds} and {@code compressnet_batch_wait_seconds} (timers with p50 and
 * p99), plus the Kafka Streams client metrics once {@link #bindStreams} is called.
 *
 * <p>The two latency timers split a service's share of the end-to-end latency: the record lag is
 * how long after its Kafka timestamp a record reached the service (for a downstream service that
 * includes the upstream service's work and its commit, since under exactly-once a record is
 * readable only then); the batch wait is how long it then waited for its batch to run.
 *
 * <p>Thread-safe (Micrometer meters are).
 */
public final class ServiceMetrics {

  private final MeterRegistry registry;
  private final String service;
  private final Counter in;
  private final Counter out;
  private final Counter tombstones;
  private final DistributionSummary batchSize;
  private final Timer inference;
  private final Timer recordLag;
  private final Timer batchWait;
  private final Map<String, Counter> dlqByStage = new ConcurrentHashMap<>();

  public ServiceMetrics(MeterRegistry registry, String service) {
    this.registry = registry;
    this.service = service;
    this.in =
        Counter.builder("compressnet.records.in")
            .description("records read from the input topic (including tombstones and bad ones)")
            .tag("service", service)
            .register(registry);
    this.out =
        Counter.builder("compressnet.records.out")
            .description("records written to the output topic")
            .tag("service", service)
            .register(registry);
    this.tombstones =
        Counter.builder("compressnet.tombstones")
            .description("tombstones (null values) skipped")
            .tag("service", service)
            .register(registry);
    this.batchSize =
        DistributionSummary.builder("compressnet.batch.size")
            .description("images per inference batch")
            .tag("service", service)
            .register(registry);
    this.inference =
        Timer.builder("compressnet.inference")
            .description("time of one batched inference call")
            .tag("service", service)
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    this.recordLag =
        Timer.builder("compressnet.record.lag")
            .description(
                "how long after its Kafka timestamp a record reached the service (upstream work"
                    + " and commit included)")
            .tag("service", service)
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    this.batchWait =
        Timer.builder("compressnet.batch.wait")
            .description("how long a record waited in the buffer before its batch ran")
            .tag("service", service)
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  /** With a Prometheus registry, for services. */
  public static ServiceMetrics prometheus(String service) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(ONE_STORE_TAG);
    return new ServiceMetrics(registry, service);
  }

  /**
   * The suffix of the tag key a state store's metrics carry, after the store's kind: Kafka Streams'
   * {@code in-memory-state-id}, which Micrometer's binder turns into {@code in.memory.state.id}.
   */
  private static final String STORE_TAG_SUFFIX = ".state.id";

  /**
   * Kafka Streams tags a store's metrics with a key that names the store's kind ({@code
   * in-memory-state-id}, {@code rocksdb-state-id}, ...). Prometheus needs one set of tag keys per
   * meter name, so in a service with stores of two kinds (the monitor) the second kind's meters
   * were refused, with a warning at start. This maps the key to {@code state.id} and puts the kind
   * in {@code store.type} ({@code in-memory}, {@code rocksdb}, ...), so every store's meters are
   * exported.
   */
  static final MeterFilter ONE_STORE_TAG =
      new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
          List<Tag> tags = new ArrayList<>();
          boolean changed = false;
          for (Tag tag : id.getTagsAsIterable()) {
            String key = tag.getKey();
            if (key.endsWith(STORE_TAG_SUFFIX) && key.length() > STORE_TAG_SUFFIX.length()) {
              String kind = key.substring(0, key.length() - STORE_TAG_SUFFIX.length());
              tags.add(Tag.of("state.id", tag.getValue()));
              tags.add(Tag.of("store.type", kind.replace('.', '-')));
              changed = true;
            } else {
              tags.add(tag);
            }
          }
          return changed ? id.replaceTags(tags) : id;
        }
      };

  /** With an in-memory registry, for tests and benchmarks. */
  public static ServiceMetrics inMemory(String service) {
    return new ServiceMetrics(new SimpleMeterRegistry(), service);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public String service() {
    return service;
  }

  public void recordIn() {
    in.increment();
  }

  public void recordsOut(int count) {
    out.increment(count);
  }

  public void tombstone() {
    tombstones.increment();
  }

  public void deadLetter(String stage) {
    dlqByStage
        .computeIfAbsent(
            stage,
            s ->
                Counter.builder("compressnet.dlq.records")
                    .description("records sent to the dead-letter topic")
                    .tag("service", service)
                    .tag("stage", s)
                    .register(registry))
        .increment();
  }

  public void batch(int size, long inferenceNanos) {
    batchSize.record(size);
    inference.record(inferenceNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * A record reached the service {@code lagMs} after its timestamp; a negative lag (a producer
   * clock ahead of ours) counts as 0.
   */
  public void recordLag(long lagMs) {
    recordLag.record(Math.max(0, lagMs), TimeUnit.MILLISECONDS);
  }

  /** A record waited {@code waitMs} in the buffer before its batch ran. */
  public void batchWait(long waitMs) {
    batchWait.record(Math.max(0, waitMs), TimeUnit.MILLISECONDS);
  }

  /** The record-lag timer, for reports. */
  public Timer recordLagTimer() {
    return recordLag;
  }

  /** The batch-wait timer, for reports. */
  public Timer batchWaitTimer() {
    return batchWait;
  }

  public long inCount() {
    return (long) in.count();
  }

  public long outCount() {
    return (long) out.count();
  }

  public long tombstoneCount() {
    return (long) tombstones.count();
  }

  public long deadLetterCount() {
    return dlqByStage.values().stream().mapToLong(c -> (long) c.count()).sum();
  }

  public long deadLetterCount(String stage) {
    Counter c = dlqByStage.get(stage);
    return c == null ? 0 : (long) c.count();
  }

  public long batchCount() {
    return batchSize.count();
  }

  public double batchSizeTotal() {
    return batchSize.totalAmount();
  }

  /**
   * Binds the Kafka Streams client metrics (Micrometer's {@link KafkaStreamsMetrics}); close the
   * result when the streams instance closes.
   */
  public AutoCloseable bindStreams(KafkaStreams streams) {
    KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams);
    binder.bindTo(registry);
    return binder::close;
  }

  /** The Prometheus text exposition, or an explanation when the registry is not Prometheus. */
  public String scrape() {
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      return prometheus.scrape();
    }
    throw new IllegalStateException("not a Prometheus registry: " + registry.getClass());
  }
}
