package io.compressnet.bench.pipeline;

import io.compressnet.bench.Network;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.data.ImageSet;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The network alone, no Kafka: {@link Network} images per second at a call batch size and a
 * forward-pass size, the way the services call it (one thread, the run's PyTorch intra-op threads).
 * Median of timed repetitions after a warm-up.
 */
final class NetworkAlone {

  /** The configurations measured: call batch 64 and 1, pass size 16 (the services') and 64. */
  static final List<Config> CONFIGS =
      List.of(new Config(64, 16), new Config(64, 64), new Config(1, 16), new Config(1, 64));

  /** Timed repetitions of each configuration (interleaved). */
  static final int REPETITIONS = 5;

  /** A call batch size and a forward-pass size. */
  record Config(int batch, int passSize) {}

  /** One configuration's figures, images per second. */
  record Figures(
      int batch,
      int passSize,
      long encodeImagesPerSecond,
      long decodeImagesPerSecond,
      long[] encodeRepetitions,
      long[] decodeRepetitions) {}

  private NetworkAlone() {}

  /**
   * Measures every configuration, interleaved: each repetition times every configuration in turn,
   * so a slow phase of the machine (JIT compilation early in the JVM, a neighbour's load) hits all
   * of them alike instead of whichever was measured first.
   */
  static List<Figures> measure(
      ModelBundle bundle, ImageSet images, double seconds, Refinement refinement, PrintStream log) {
    List<Subject> subjects = new ArrayList<>();
    try {
      for (Config c : CONFIGS) {
        subjects.add(new Subject(c, new Network(bundle, c.passSize(), refinement), images));
      }
      subjects.forEach(s -> s.time(seconds)); // warm-up, not reported
      for (int r = 0; r < REPETITIONS; r++) {
        for (Subject s : subjects) {
          s.timings.add(s.time(seconds));
        }
      }
      List<Figures> out = subjects.stream().map(Subject::figures).toList();
      out.forEach(
          f ->
              log.printf(
                  Locale.ROOT,
                  "network alone, batch %2d, pass %2d: encode %7d images/s, decode %7d images/s%n",
                  f.batch(),
                  f.passSize(),
                  f.encodeImagesPerSecond(),
                  f.decodeImagesPerSecond()));
      return out;
    } finally {
      subjects.forEach(s -> s.network.close());
    }
  }

  /** One configuration's network, inputs and timings: {encode, decode} images/s per repetition. */
  private static final class Subject {
    private final Config config;
    private final Network network;
    private final List<List<byte[]>> imageBatches;
    private final List<List<byte[]>> latentBatches;
    private final List<double[]> timings = new ArrayList<>();

    Subject(Config config, Network network, ImageSet images) {
      this.config = config;
      this.network = network;
      this.imageBatches = batches(Arrays.asList(images.images()), config.batch());
      List<byte[]> latents =
          imageBatches.stream().flatMap(b -> Arrays.stream(network.encode(b))).toList();
      this.latentBatches = batches(latents, config.batch());
    }

    /** Times encode then decode for about {@code seconds} each. */
    double[] time(double seconds) {
      return new double[] {
        timeLoop(seconds, imageBatches, network::encode),
        timeLoop(seconds, latentBatches, network::decode)
      };
    }

    Figures figures() {
      double[] encode = timings.stream().mapToDouble(t -> t[0]).toArray();
      double[] decode = timings.stream().mapToDouble(t -> t[1]).toArray();
      return new Figures(
          config.batch(),
          config.passSize(),
          Math.round(Stats.median(encode)),
          Math.round(Stats.median(decode)),
          Arrays.stream(encode).mapToLong(Math::round).toArray(),
          Arrays.stream(decode).mapToLong(Math::round).toArray());
    }
  }

  /** Calls {@code step} on batches in turn for about {@code seconds}; returns items per second. */
  private static double timeLoop(
      double seconds, List<List<byte[]>> batches, Function<List<byte[]>, byte[][]> step) {
    long budget = (long) (seconds * 1e9);
    long items = 0;
    long start = System.nanoTime();
    long elapsed;
    int i = 0;
    do {
      List<byte[]> b = batches.get(i++ % batches.size());
      step.apply(b);
      items += b.size();
      elapsed = System.nanoTime() - start;
    } while (elapsed < budget);
    return items / (elapsed / 1e9);
  }

  private static List<List<byte[]>> batches(List<byte[]> all, int batch) {
    List<List<byte[]>> out = new ArrayList<>();
    for (int from = 0; from + batch <= all.size(); from += batch) {
      out.add(all.subList(from, from + batch));
    }
    return out;
  }
}
