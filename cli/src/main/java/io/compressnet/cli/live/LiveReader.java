package io.compressnet.cli.live;

import io.compressnet.bench.pipeline.CommittedConsumer;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ReconstructedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads what the pipeline wrote, as a downstream consumer would ({@code read_committed}, every
 * partition from the beginning): {@code images.reconstructed} (per measured image its {@code
 * decodedAt - capturedAt} and {@code received - capturedAt}), {@code images.dlq} and {@code
 * quality.images} (counts). Records are told apart by the id prefixes of {@link Phase}.
 */
final class LiveReader implements AutoCloseable {

  /** What an image was sent for, from its id ({@code <prefix><index>-<run>}). */
  enum Phase {
    PROBE("live-probe"),
    WARMUP("live-warmup"),
    MEASURED("live");

    final String source;

    Phase(String source) {
      this.source = source;
    }

    static Phase of(String id, String run) {
      if (id == null || !id.endsWith("-" + run)) {
        return null;
      }
      for (Phase p : values()) {
        if (id.startsWith(p.source + "-") && Character.isDigit(id.charAt(p.source.length() + 1))) {
          return p;
        }
      }
      return null;
    }
  }

  /**
   * One measured image: send time ({@code capturedAt}), the encoder's and the decoder's stamps and
   * arrival here (ms).
   */
  record ImageLatency(
      String id, long capturedAt, long encodedAt, long decodedAt, long receivedAt) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deserializer<ReconstructedImage> deserializer;
  private final String run;
  private final Thread thread;
  private final List<ImageLatency> latencies = new ArrayList<>();
  private final Set<String> reconstructed = ConcurrentHashMap.newKeySet();
  private final Set<String> probesReconstructed = ConcurrentHashMap.newKeySet();
  private final Set<String> probesScored = ConcurrentHashMap.newKeySet();
  private final Set<String> scored = ConcurrentHashMap.newKeySet();
  private final Set<String> deadLettered = ConcurrentHashMap.newKeySet();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong foreign = new AtomicLong();
  private final List<String> dlqReasons = new ArrayList<>();
  private volatile boolean running = true;
  private volatile Throwable failure;

  LiveReader(String bootstrap, Deserializer<ReconstructedImage> deserializer, String run) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "compressnet-bench-live-reader");
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.deserializer = deserializer;
    this.run = run;
    this.thread = new Thread(this::loop, "bench-live-reader");
    thread.setDaemon(true);
  }

  LiveReader start() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic :
        List.of(Topics.IMAGES_RECONSTRUCTED, Topics.IMAGES_DLQ, Topics.QUALITY_IMAGES)) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread.start();
    return this;
  }

  private void loop() {
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(20));
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          accept(r, now);
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop.
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  private void accept(ConsumerRecord<byte[], byte[]> r, long now) {
    String id = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    Phase phase = Phase.of(id, run);
    if (phase == null) {
      foreign.incrementAndGet();
      return;
    }
    switch (r.topic()) {
      case Topics.IMAGES_RECONSTRUCTED -> {
        if (phase == Phase.PROBE) {
          probesReconstructed.add(id);
        } else if (phase == Phase.MEASURED) {
          if (!reconstructed.add(id)) {
            duplicates.incrementAndGet();
            return;
          }
          ReconstructedImage image = deserializer.deserialize(r.topic(), r.headers(), r.value());
          synchronized (latencies) {
            latencies.add(
                new ImageLatency(
                    id,
                    image.getCapturedAt().toEpochMilli(),
                    image.getEncodedAt().toEpochMilli(),
                    image.getDecodedAt().toEpochMilli(),
                    now));
          }
        }
      }
      case Topics.IMAGES_DLQ -> {
        if (phase == Phase.MEASURED && deadLettered.add(id)) {
          var reason = r.headers().lastHeader("compressnet.dlq.error.message");
          synchronized (dlqReasons) {
            if (dlqReasons.size() < 5 && reason != null) {
              dlqReasons.add(new String(reason.value(), StandardCharsets.UTF_8));
            }
          }
        }
      }
      case Topics.QUALITY_IMAGES -> {
        if (phase == Phase.PROBE) {
          probesScored.add(id);
        } else if (phase == Phase.MEASURED) {
          scored.add(id);
        }
      }
      default -> foreign.incrementAndGet();
    }
  }

  /** Fails if the poll loop died. */
  void requireHealthy() {
    if (failure != null) {
      throw new IllegalStateException("reading the pipeline's output failed: " + failure, failure);
    }
  }

  /** Probe images reconstructed, and whether the monitor scored at least one of them. */
  int probesReconstructed() {
    return probesReconstructed.size();
  }

  boolean anyProbeScored() {
    return !probesScored.isEmpty();
  }

  long reconstructed() {
    return reconstructed.size();
  }

  long deadLettered() {
    return deadLettered.size();
  }

  long scored() {
    return scored.size();
  }

  long duplicates() {
    return duplicates.get();
  }

  List<String> dlqReasons() {
    synchronized (dlqReasons) {
      return List.copyOf(dlqReasons);
    }
  }

  List<ImageLatency> latencies() {
    synchronized (latencies) {
      return List.copyOf(latencies);
    }
  }

  @Override
  public void close() {
    running = false;
    CommittedConsumer.stop(consumer, thread);
  }
}
