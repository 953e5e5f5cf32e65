package io.compressnet.bench.pipeline;

import io.compressnet.schemas.avro.ReconstructedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code ReconstructedImage}s as a downstream consumer would ({@code read_committed}) and
 * records, per image captured at or after {@code measureFromMillis}, the stage timestamps against
 * its {@code capturedAt}: encoded, decoded and received (wall clock of this JVM, where the producer
 * also stamped {@code capturedAt}).
 */
final class LatencyProbe implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deserializer<ReconstructedImage> deserializer;
  private final String topic;
  private final long measureFromMillis;
  private final Thread thread;
  private final List<long[]> samples = new ArrayList<>(); // capturedAt, encodedAt, decodedAt, rx
  private volatile boolean running = true;
  private volatile long received;
  private volatile Throwable failure;

  LatencyProbe(
      String bootstrap,
      String topic,
      Deserializer<ReconstructedImage> deserializer,
      long measureFromMillis) {
    this.consumer = CommittedConsumer.create(bootstrap);
    this.deserializer = deserializer;
    this.topic = topic;
    this.measureFromMillis = measureFromMillis;
    this.thread = new Thread(this::loop, "bench-latency-probe");
    thread.setDaemon(true);
  }

  LatencyProbe start() {
    CommittedConsumer.assignFromBeginning(consumer, topic);
    thread.start();
    return this;
  }

  private void loop() {
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(5));
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          ReconstructedImage image = deserializer.deserialize(topic, r.headers(), r.value());
          long captured = image.getCapturedAt().toEpochMilli();
          if (captured >= measureFromMillis) {
            synchronized (samples) {
              samples.add(
                  new long[] {
                    captured,
                    image.getEncodedAt().toEpochMilli(),
                    image.getDecodedAt().toEpochMilli(),
                    now
                  });
            }
          }
          received++;
        }
      }
    } catch (RuntimeException e) {
      if (running) {
        failure = e;
      }
    }
  }

  long received() {
    if (failure != null) {
      throw new IllegalStateException("latency probe failed: " + failure, failure);
    }
    return received;
  }

  /** Percentiles (ms) of each stage against {@code capturedAt}, over the measured images. */
  Map<String, Object> summary() {
    List<long[]> copy;
    synchronized (samples) {
      copy = new ArrayList<>(samples);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("measuredImages", copy.size());
    if (copy.isEmpty()) {
      return m;
    }
    m.put("encodedAt - capturedAt", percentiles(copy, 1, 0));
    m.put("decodedAt - encodedAt", percentiles(copy, 2, 1));
    m.put("decodedAt - capturedAt", percentiles(copy, 2, 0));
    m.put("received - capturedAt", percentiles(copy, 3, 0));
    return m;
  }

  static Map<String, Long> percentiles(List<long[]> samples, int to, int from) {
    long[] values = samples.stream().mapToLong(s -> s[to] - s[from]).sorted().toArray();
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("p50", Stats.percentile(values, 50));
    m.put("p90", Stats.percentile(values, 90));
    m.put("p99", Stats.percentile(values, 99));
    m.put("max", values[values.length - 1]);
    return m;
  }

  @Override
  public void close() {
    running = false;
    CommittedConsumer.stop(consumer, thread);
  }
}
