package io.compressnet.bench.pipeline;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.data.ImageSet;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.codec.quant.Encoding;
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

  private NetworkAlone() {}

  static Figures measure(
      ModelBundle bundle,
      ImageSet images,
      int batch,
      int passSize,
      int reps,
      double seconds,
      Refinement refinement) {
    Encoding encoding = bundle.defaultEncoding();
    List<List<byte[]>> imageBatches = batches(Arrays.asList(images.images()), batch);
    try (BatchEncoder encoder = new BatchEncoder(bundle, encoding, passSize, refinement);
        BatchDecoder decoder = new BatchDecoder(bundle, passSize)) {
      List<byte[]> latents = new ArrayList<>();
      for (List<byte[]> b : imageBatches) {
        latents.addAll(Arrays.asList(encoder.encode(b)));
      }
      List<List<byte[]>> latentBatches = batches(latents, batch);
      double[] enc = new double[reps];
      double[] dec = new double[reps];
      timeLoop(seconds, imageBatches, encoder::encode); // warm-up
      timeLoop(seconds, latentBatches, b -> decoder.decode(b, encoding));
      for (int r = 0; r < reps; r++) {
        enc[r] = timeLoop(seconds, imageBatches, encoder::encode);
        dec[r] = timeLoop(seconds, latentBatches, b -> decoder.decode(b, encoding));
      }
      return new Figures(batch, passSize, Stats.median(enc), Stats.median(dec), enc, dec);
    }
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
