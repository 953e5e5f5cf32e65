package io.compressnet.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.data.ImageSet;
import io.compressnet.codec.model.ModelSpec;

/**
 * A quick throughput figure of the network alone (no Kafka), batched, for comparison tables. The
 * median of five timed passes after a warm-up; the benchmarks in {@code bench} are the authority.
 */
public final class InferenceSpeed {

  /** Images per second through encoder and decoder at one batch size. */
  public record Figures(int batchSize, double encodePerSecond, double decodePerSecond) {}

  private static final int PASSES = 5;

  private InferenceSpeed() {}

  public static Figures measure(ModelBundle bundle, ImageSet images, int batchSize) {
    ModelSpec spec = bundle.spec();
    int n = Math.min(batchSize, images.size());
    try (NDManager manager = Engine.getInstance().newBaseManager()) {
      Block encoder = bundle.newEncoderBlock(manager);
      Block decoder = bundle.newDecoderBlock(manager);
      ParameterStore store = new ParameterStore(manager, false);
      NDArray x =
          manager.create(
              ImageSet.toUnitFloats(images.images(), 0, n, spec.pixels()),
              new Shape(n, 1, spec.height(), spec.width()));
      NDArray latent = encoder.forward(store, new NDList(x), false).singletonOrThrow();
      double[] enc = new double[PASSES];
      double[] dec = new double[PASSES];
      for (int pass = -1; pass < PASSES; pass++) {
        long t0 = System.nanoTime();
        try (NDManager sub = manager.newSubManager()) {
          NDArray l = encoder.forward(store, new NDList(x), false).singletonOrThrow();
          l.toFloatArray();
          l.attach(sub);
        }
        long t1 = System.nanoTime();
        try (NDManager sub = manager.newSubManager()) {
          NDArray y = decoder.forward(store, new NDList(latent), false).singletonOrThrow();
          y.toFloatArray();
          y.attach(sub);
        }
        long t2 = System.nanoTime();
        if (pass >= 0) {
          enc[pass] = n / ((t1 - t0) / 1e9);
          dec[pass] = n / ((t2 - t1) / 1e9);
        }
      }
      return new Figures(n, median(enc), median(dec));
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
