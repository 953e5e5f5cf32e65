package io.compressnet.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The counters every CompressNet stream processor exposes, tagged with the service name. In
 * Prometheus: {@code compressnet_records_in_total}, {@code compressnet_records_out_total} (its rate
 * is images/s), {@code compressnet_dlq_records_total{stage}}, {@code compressnet_tombstones_total},
 * {@code compressnet_batch_size} (summary) and {@code compressnet_inference_seconds} (timer), plus
 * the Kafka Streams client metrics once {@link #bindStreams} is called.
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
  }

  /** With a Prometheus registry, for services. */
  public static ServiceMetrics prometheus(String service) {
    return new ServiceMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), service);
  }

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
