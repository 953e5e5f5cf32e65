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
 * Median of {@value #REPETITIONS} timed repetitions after a warm-up; each repetition times every
 * configuration in turn, so a slow phase of the machine (JIT compilation early in the JVM, a
 * neighbour's load) hits all of them alike instead of whichever was measured first.
 */
final class NetworkAlone {

  /**
   * Call batch 64 and 1, pass size 16 (the services' default), 64 and 4 (the smallest pass; on a
   * machine where a 4-row pass is not bit-identical to a 16-row one, pass size 16 pads a lone image
   * to 16 rows): {batch, pass size}.
   */
  static final int[][] CONFIGS = {{64, 16}, {64, 64}, {64, 4}, {1, 16}, {1, 64}, {1, 4}};

  static final int REPETITIONS = 5;

  /** One configuration's figures, images per second. */
  record Figures(
      int batch,
      int passSize,
      long encodeImagesPerSecond,
      long decodeImagesPerSecond,
      long[] encodeRepetitions,
      long[] decodeRepetitions) {}

  private NetworkAlone() {}

  static List<Figures> measure(
      ModelBundle bundle, ImageSet images, double seconds, Refinement refinement, PrintStream log) {
    List<Network> networks = new ArrayList<>();
    try {
      List<List<List<byte[]>>> inputs = new ArrayList<>(); // per config: image, latent batches
      for (int[] c : CONFIGS) {
        Network network = new Network(bundle, c[1], refinement);
        networks.add(network);
        List<List<byte[]>> imageBatches = batches(Arrays.asList(images.images()), c[0]);
        List<byte[]> latents =
            imageBatches.stream().flatMap(b -> Arrays.stream(network.encode(b))).toList();
        inputs.add(imageBatches);
        inputs.add(batches(latents, c[0]));
      }
      double[][] rates = new double[CONFIGS.length * 2][REPETITIONS];
      for (int r = -1; r < REPETITIONS; r++) { // -1: the warm-up, not reported
        for (int c = 0; c < CONFIGS.length; c++) {
          Network n = networks.get(c);
          double encode = timeLoop(seconds, inputs.get(2 * c), n::encode);
          double decode = timeLoop(seconds, inputs.get(2 * c + 1), n::decode);
          if (r >= 0) {
            rates[2 * c][r] = encode;
            rates[2 * c + 1][r] = decode;
          }
        }
      }
      List<Figures> out = new ArrayList<>();
      for (int c = 0; c < CONFIGS.length; c++) {
        Figures f =
            new Figures(
                CONFIGS[c][0],
                CONFIGS[c][1],
                Math.round(Stats.median(rates[2 * c])),
                Math.round(Stats.median(rates[2 * c + 1])),
                Arrays.stream(rates[2 * c]).mapToLong(Math::round).toArray(),
                Arrays.stream(rates[2 * c + 1]).mapToLong(Math::round).toArray());
        log.printf(
            Locale.ROOT,
            "network alone, batch %2d, pass %2d: encode %7d images/s, decode %7d images/s%n",
            f.batch(),
            f.passSize(),
            f.encodeImagesPerSecond(),
            f.decodeImagesPerSecond());
        out.add(f);
      }
      return out;
    } finally {
      networks.forEach(Network::close);
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
