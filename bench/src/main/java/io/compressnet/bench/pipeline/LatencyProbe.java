package io.compressnet.bench.pipeline;

import io.compressnet.bench.pipeline.PipelineResult.Latencies;
import io.compressnet.bench.pipeline.PipelineResult.Percentiles;
import io.compressnet.schemas.avro.ReconstructedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code ReconstructedImage}s as a downstream consumer would ({@code read_committed}) and
 * records, per image captured at or after {@code measureFromMillis}, the stage timestamps against
 * its {@code capturedAt}: encoded, decoded and received (wall clock of this JVM, where the producer
 * also stamped {@code capturedAt}).
 */
final class LatencyProbe extends CommittedConsumer {

  /** Milliseconds since the epoch at each stage of one image. */
  private record Sample(long captured, long encoded, long decoded, long received) {}

  private final Deserializer<ReconstructedImage> deserializer;
  private final long measureFromMillis;
  private final List<Sample> samples = new ArrayList<>();
  private volatile long received;

  LatencyProbe(
      String bootstrap,
      String topic,
      Deserializer<ReconstructedImage> deserializer,
      long measureFromMillis) {
    super(bootstrap, topic, Duration.ofMillis(5), "bench-latency-probe");
    this.deserializer = deserializer;
    this.measureFromMillis = measureFromMillis;
  }

  LatencyProbe start() {
    startReading();
    return this;
  }

  @Override
  void onRecords(ConsumerRecords<byte[], byte[]> records) {
    long now = System.currentTimeMillis();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      ReconstructedImage image = deserializer.deserialize(topic(), r.headers(), r.value());
      long captured = image.getCapturedAt().toEpochMilli();
      if (captured >= measureFromMillis) {
        Sample sample =
            new Sample(
                captured,
                image.getEncodedAt().toEpochMilli(),
                image.getDecodedAt().toEpochMilli(),
                now);
        synchronized (samples) {
          samples.add(sample);
        }
      }
      received++;
    }
  }

  long received() {
    if (failure() != null) {
      throw new IllegalStateException("latency probe failed: " + failure(), failure());
    }
    return received;
  }

  /** Percentiles (ms) of each stage against {@code capturedAt}, over the measured images. */
  Latencies summary() {
    List<Sample> copy;
    synchronized (samples) {
      copy = List.copyOf(samples);
    }
    if (copy.isEmpty()) {
      return new Latencies(0, null, null, null, null);
    }
    return new Latencies(
        copy.size(),
        percentiles(copy.stream().mapToLong(s -> s.encoded() - s.captured())),
        percentiles(copy.stream().mapToLong(s -> s.decoded() - s.encoded())),
        percentiles(copy.stream().mapToLong(s -> s.decoded() - s.captured())),
        percentiles(copy.stream().mapToLong(s -> s.received() - s.captured())));
  }

  private static Percentiles percentiles(LongStream millis) {
    long[] sorted = millis.sorted().toArray();
    return new Percentiles(
        Stats.percentile(sorted, 50),
        Stats.percentile(sorted, 90),
        Stats.percentile(sorted, 99),
        sorted[sorted.length - 1]);
  }
}
