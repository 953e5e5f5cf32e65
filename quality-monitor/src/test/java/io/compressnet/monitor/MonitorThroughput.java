package io.compressnet.monitor;

import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.metrics.ImageMetrics;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A rough throughput figure, not a test: how many image pairs per second one stream thread of the
 * monitor scores. (1) the metric kernel alone (MSE + SSIM + PSNR on 28x28), (2) the whole topology
 * in a TopologyTestDriver (Avro decode, join stores in RocksDB, scoring, repartition record,
 * hopping windows, last-N view, alerts), without broker I/O. EMNIST sample images from data/sample;
 * reconstructions are the originals with Gaussian noise (sigma 20 grey levels).
 *
 * <p>Run: {@code mvn -o -q -pl quality-monitor exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.compressnet.monitor.MonitorThroughput}
 */
public final class MonitorThroughput {
  private static final int RUNS = 5;

  public static void main(String[] args) throws Exception {
    Path sample = locate("data/sample/emnist-sample-images-idx3-ubyte.gz");
    ImageSet set = IdxReader.readImages(sample, IdxReader.Layout.TRANSPOSED, 0);
    Random random = new Random(7);
    byte[][] originals = set.images();
    byte[][] recons = new byte[originals.length][];
    for (int i = 0; i < originals.length; i++) {
      recons[i] = new byte[originals[i].length];
      for (int j = 0; j < originals[i].length; j++) {
        int v = (originals[i][j] & 0xFF) + (int) Math.round(random.nextGaussian() * 20);
        recons[i][j] = (byte) Math.max(0, Math.min(255, v));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d EMNIST sample images %dx%d, %d cores%n",
        originals.length,
        set.width(),
        set.height(),
        Runtime.getRuntime().availableProcessors());
    kernel(originals, recons, set.width(), set.height());
    topology(originals, recons, set.width(), set.height());
  }

  private static void kernel(byte[][] a, byte[][] b, int w, int h) {
    int n = 20_000;
    double[] rates = new double[RUNS + 2];
    double sink = 0;
    for (int run = 0; run < rates.length; run++) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        int k = i % a.length;
        double mse = ImageMetrics.mse(a[k], b[k]);
        sink += ImageMetrics.ssim(a[k], b[k], w, h) + ImageMetrics.psnr(mse);
      }
      rates[run] = n / ((System.nanoTime() - start) / 1e9);
    }
    report("metric kernel (MSE+SSIM+PSNR)", Arrays.copyOfRange(rates, 2, rates.length));
    if (sink == 42) {
      System.out.println();
    }
  }

  private static void topology(byte[][] a, byte[][] b, int w, int h) throws Exception {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    SpecificAvroSerde<ImageEvent> images =
        new SpecificAvroSerde<>(registry, ImageEvent.class, true);
    SpecificAvroSerde<ReconstructedImage> recons =
        new SpecificAvroSerde<>(registry, ReconstructedImage.class, true);
    int perRun = 1_000;
    int total = perRun * (RUNS + 1);
    List<byte[]> raw = new ArrayList<>(total);
    List<byte[]> rec = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      int k = i % a.length;
      long ts = 1_000_000L + i * 10L; // 100 images/s of event time
      String id = "img-" + i;
      raw.add(
          images
              .serializer()
              .serialize(
                  Topics.IMAGES_RAW,
                  ImageEvent.newBuilder()
                      .setId(id)
                      .setSource("bench")
                      .setCapturedAt(Instant.ofEpochMilli(ts))
                      .setWidth(w)
                      .setHeight(h)
                      .setPixels(ByteBuffer.wrap(a[k]))
                      .build()));
      rec.add(
          recons
              .serializer()
              .serialize(
                  Topics.IMAGES_RECONSTRUCTED,
                  ReconstructedImage.newBuilder()
                      .setId(id)
                      .setSource("bench")
                      .setCapturedAt(Instant.ofEpochMilli(ts))
                      .setModelId("bench@1")
                      .setWidth(w)
                      .setHeight(h)
                      .setPixels(ByteBuffer.wrap(b[k]))
                      .setLatentBytes(32)
                      .setDecodedAt(Instant.ofEpochMilli(ts + 30))
                      .build()));
    }
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitor-throughput");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(
        StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("monitor-bench").toString());
    MonitorStats stats = new MonitorStats();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            MonitorTopology.buildTopology(MonitorConfig.defaultConfig(), registry, stats), props)) {
      TestInputTopic<byte[], byte[]> rawIn =
          driver.createInputTopic(
              Topics.IMAGES_RAW, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
      TestInputTopic<byte[], byte[]> recIn =
          driver.createInputTopic(
              Topics.IMAGES_RECONSTRUCTED,
              Serdes.ByteArray().serializer(),
              Serdes.ByteArray().serializer());
      double[] rates = new double[RUNS];
      for (int run = 0; run <= RUNS; run++) {
        long start = System.nanoTime();
        for (int i = run * perRun; i < (run + 1) * perRun; i++) {
          byte[] key = ("img-" + i).getBytes(StandardCharsets.UTF_8);
          long ts = 1_000_000L + i * 10L;
          rawIn.pipeInput(key, raw.get(i), ts);
          recIn.pipeInput(key, rec.get(i), ts);
        }
        double rate = perRun / ((System.nanoTime() - start) / 1e9);
        if (run > 0) {
          rates[run - 1] = rate; // run 0 is warm-up
        }
      }
      report("whole topology, TopologyTestDriver (floor)", rates);
      System.out.println(stats.summary().toTable());
    }
  }

  private static void report(String what, double[] rates) {
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "%-46s median %,.0f pairs/s (runs: %s)%n",
        what,
        sorted[sorted.length / 2],
        Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()));
  }

  private static Path locate(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above the working directory");
  }
}
