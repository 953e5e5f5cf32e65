package io.compressnet.bench.pipeline;

import io.compressnet.bench.pipeline.PipelineResult.LatencyRun;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.StreamsApp;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * End-to-end latency: the encoder and decoder running side by side, fresh images sent at a fixed
 * rate with {@code capturedAt = now}, and a {@code read_committed} consumer of the reconstructions
 * timing each stage against {@code capturedAt} (one JVM, one clock).
 */
final class LatencyRuns {

  /** The latency run with the settings docs/bench recommends for low latency. */
  static final String LOW_LATENCY_VARIANT =
      "low-latency settings (batch 16, commit.interval.ms=20)";

  /**
   * The service settings of one latency run.
   *
   * @param name how the report names it
   * @param label short form for topic names
   * @param rate images per second sent
   * @param batch batch size of both services
   * @param settings settings added to both services'
   */
  record Variant(String name, String label, double rate, int batch, Map<String, String> settings) {}

  private final BenchBroker broker;
  private final PipelineCommand options;
  private final PrintStream log;

  LatencyRuns(BenchBroker broker, PipelineCommand options, PrintStream log) {
    this.broker = broker;
    this.options = options;
    this.log = log;
  }

  List<LatencyRun> run() throws Exception {
    List<LatencyRun> out = new ArrayList<>();
    for (Variant variant : variants()) {
      out.add(run(variant));
    }
    return out;
  }

  /**
   * Default settings always; with diagnostics, a shorter commit interval alone, and the settings
   * docs/bench recommends for latency: under exactly-once a record is visible downstream only when
   * its producer commits, so each stage adds up to a commit interval; a batch of 16 is one forward
   * pass (the default pass size) and fills 4 times sooner than 64. The low-latency settings also
   * run at a half and a quarter of {@code --rate}, where the default model's decoder is not
   * saturated on a small machine.
   */
  private List<Variant> variants() {
    double rate = options.rate;
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("default settings", "default", rate, 64, Map.of()));
    if (options.diagnostics) {
      Map<String, String> commit20 = Map.of("commit.interval.ms", "20");
      variants.add(new Variant("commit.interval.ms=20", "commit20", rate, 64, commit20));
      variants.add(new Variant(LOW_LATENCY_VARIANT, "lowlat", rate, 16, commit20));
      for (double fraction : new double[] {0.5, 0.25}) {
        String label = "lowlat" + Math.round(rate * fraction);
        variants.add(new Variant(LOW_LATENCY_VARIANT, label, rate * fraction, 16, commit20));
      }
    }
    return variants;
  }

  private LatencyRun run(Variant v) throws Exception {
    String label = "latency-" + v.label();
    String raw = broker.name(label + "-raw", 1);
    String latent = broker.name(label + "-latent", 1);
    String reconstructed = broker.name(label + "-reconstructed", 1);
    broker.createTopics(Map.of(raw, Map.of(), latent, Map.of(), reconstructed, Map.of()));
    broker.registerValueSchema(raw, ImageEvent.getClassSchema());
    String enc = broker.name(label + "-enc", 1);
    String dec = broker.name(label + "-dec", 1);
    ServiceMetrics encMetrics = ServiceMetrics.inMemory("encoder");
    ServiceMetrics decMetrics = ServiceMetrics.inMemory("decoder");
    LatencyRun result;
    try (StreamsApp encoder =
            start(broker.encoder(enc, raw, latent, v.batch(), v.settings()), encMetrics);
        StreamsApp decoder =
            start(
                broker.decoder(dec, latent, reconstructed, v.batch(), v.settings()), decMetrics)) {
      if (!encoder.awaitRunning(Duration.ofSeconds(60))
          || !decoder.awaitRunning(Duration.ofSeconds(60))) {
        throw new IllegalStateException("encoder or decoder did not reach RUNNING");
      }
      long measureFrom = System.currentTimeMillis() + options.warmupSeconds * 1000L;
      var serde = new SpecificAvroSerde<>(broker.registry(), ReconstructedImage.class, true);
      try (LatencyProbe probe =
          new LatencyProbe(
                  broker.bootstrapServers(), reconstructed, serde.deserializer(), measureFrom)
              .start()) {
        ThreadCpu.Snapshot before = ThreadCpu.take();
        long sent = produceAtRate(raw, v.rate(), options.warmupSeconds + options.latencySeconds);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (probe.received() < sent && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        ThreadCpu.Snapshot after = ThreadCpu.take();
        result =
            new LatencyRun(
                v.name(),
                v.batch(),
                v.settings(),
                v.settings(),
                v.rate(),
                options.warmupSeconds,
                options.latencySeconds,
                sent,
                probe.received(),
                encMetrics.outCount(),
                decMetrics.outCount(),
                meanBatchSize(encMetrics),
                meanBatchSize(decMetrics),
                probe.summary(),
                Stats.round3(ThreadCpu.secondsByGroup(before, after)));
      }
    }
    log.printf("latency (%s) at %.0f images/s: %s%n", v.name(), v.rate(), result.latencyMs());
    return result;
  }

  private static StreamsApp start(BenchBroker.Service service, ServiceMetrics metrics) {
    return StreamsApp.start(service.topology().apply(metrics), service.config(), metrics);
  }

  private static double meanBatchSize(ServiceMetrics metrics) {
    return metrics.batchCount() == 0
        ? 0
        : Stats.round3(metrics.batchSizeTotal() / metrics.batchCount());
  }

  /** Sends fresh images (capturedAt = now) at {@code rate} per second; returns how many. */
  private long produceAtRate(String topic, double rate, int seconds) {
    long total = Math.round(rate * seconds);
    try (KafkaProducer<String, byte[]> producer = broker.producer()) {
      long start = System.nanoTime();
      for (long i = 0; i < total; i++) {
        long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        producer.send(broker.imageRecord(topic, "lat", i));
      }
      producer.flush();
    }
    return total;
  }
}
