package io.compressnet.bench.pipeline;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.Encoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network alone, no Kafka: {@link BatchEncoder} / {@link BatchDecoder} images per second at a
 * call batch size and a forward-pass size, the way the services call them (one thread, {@code
 * ai.djl.pytorch.num_threads=1}). Median of timed repetitions after a warm-up.
 */
final class NetworkAlone {

  /** One configuration's figures. */
  record Figures(
      int batch,
      int passSize,
      double encodePerSecond,
      double decodePerSecond,
      double[] encodeReps,
      double[] decodeReps) {

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("batch", batch);
      m.put("passSize", passSize);
      m.put("encodeImagesPerSecond", Math.round(encodePerSecond));
      m.put("decodeImagesPerSecond", Math.round(decodePerSecond));
      m.put("encodeRepetitions", rounded(encodeReps));
      m.put("decodeRepetitions", rounded(decodeReps));
      return m;
    }
  }

  /** A call batch size and a forward-pass size. */
  record Config(int batch, int passSize) {}

  /** Images per second of one timed encode and decode. */
  private record Rates(double encode, double decode) {}

  private NetworkAlone() {}

  /**
   * Measures every configuration, interleaved: each repetition times every configuration in turn,
   * so a slow phase of the machine (JIT compilation early in the JVM, a neighbour's load) hits all
   * of them alike instead of whichever was measured first.
   */
  static List<Figures> measure(
      ModelBundle bundle,
      ImageSet images,
      List<Config> configs,
      int reps,
      double seconds,
      Refinement refinement) {
    Encoding encoding = bundle.defaultEncoding();
    List<Subject> subjects = new ArrayList<>();
    try {
      for (Config c : configs) {
        subjects.add(new Subject(c, bundle, encoding, images, refinement));
      }
      for (Subject s : subjects) {
        s.time(seconds); // warm-up, not reported
      }
      for (int r = 0; r < reps; r++) {
        for (Subject s : subjects) {
          s.record(s.time(seconds));
        }
      }
      List<Figures> out = new ArrayList<>();
      for (Subject s : subjects) {
        out.add(s.figures());
      }
      return out;
    } finally {
      subjects.forEach(Subject::close);
    }
  }

  /** One configuration's encoder, decoder, inputs and timings. */
  private static final class Subject implements AutoCloseable {
    private final Config config;
    private final Encoding encoding;
    private final BatchEncoder encoder;
    private final BatchDecoder decoder;
    private final List<List<byte[]>> imageBatches;
    private final List<List<byte[]>> latentBatches;
    private double[] encodeRates = new double[0];
    private double[] decodeRates = new double[0];

    Subject(
        Config config,
        ModelBundle bundle,
        Encoding encoding,
        ImageSet images,
        Refinement refinement) {
      this.config = config;
      this.encoding = encoding;
      this.encoder = new BatchEncoder(bundle, encoding, config.passSize(), refinement);
      try {
        this.decoder = new BatchDecoder(bundle, config.passSize());
      } catch (RuntimeException e) {
        encoder.close();
        throw e;
      }
      this.imageBatches = batches(Arrays.asList(images.images()), config.batch());
      List<byte[]> latents = new ArrayList<>();
      for (List<byte[]> b : imageBatches) {
        latents.addAll(Arrays.asList(encoder.encode(b)));
      }
      this.latentBatches = batches(latents, config.batch());
    }

    /** Times encode then decode for about {@code seconds} each. */
    Rates time(double seconds) {
      return new Rates(
          timeLoop(seconds, imageBatches, encoder::encode),
          timeLoop(seconds, latentBatches, b -> decoder.decode(b, encoding.uncoded())));
    }

    /** Keeps one repetition's figures. */
    void record(Rates rates) {
      encodeRates = append(encodeRates, rates.encode());
      decodeRates = append(decodeRates, rates.decode());
    }

    Figures figures() {
      return new Figures(
          config.batch(),
          config.passSize(),
          Stats.median(encodeRates),
          Stats.median(decodeRates),
          encodeRates,
          decodeRates);
    }

    @Override
    public void close() {
      encoder.close();
      decoder.close();
    }
  }

  private static double[] append(double[] values, double value) {
    double[] out = Arrays.copyOf(values, values.length + 1);
    out[values.length] = value;
    return out;
  }

  /** Calls {@code step} on batches in turn for about {@code seconds}; returns items per second. */
  private static double timeLoop(
      double seconds, List<List<byte[]>> batches, java.util.function.Consumer<List<byte[]>> step) {
    long budget = (long) (seconds * 1e9);
    long items = 0;
    long start = System.nanoTime();
    long elapsed;
    int i = 0;
    do {
      List<byte[]> b = batches.get(i++ % batches.size());
      step.accept(b);
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

  static long[] rounded(double[] values) {
    return Arrays.stream(values).mapToLong(Math::round).toArray();
  }
}
