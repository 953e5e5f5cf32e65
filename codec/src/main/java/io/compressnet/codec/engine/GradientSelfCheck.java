package io.compressnet.codec.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.Random;

/**
 * Checks, in well under a second, that the engine computes correct gradients for a small stack of
 * convolutions, by comparing its autograd gradients with central finite differences of a plain
 * double-precision Java forward pass.
 *
 * <p>Why this exists: on AVX2/AVX-512 machines PyTorch's oneDNN convolution kernels have been seen
 * to return wrong gradients for a convolution that follows another convolution. Training then goes
 * NaN or silently learns less. The cure, {@code ONEDNN_MAX_CPU_ISA=SSE41}, must be in the
 * environment before the process starts, so the check runs first and the caller decides whether to
 * re-launch or refuse.
 *
 * <p>The stack: x(2,4,8,8) → conv3×3(4→32) → tanh → conv3×3 stride 2 (32→32) → tanh →
 * conv3×3(32→16); loss = Σ out·r for a fixed random r. The channel counts are those of the real
 * networks, because oneDNN picks different kernels for tiny channel counts, and those are fine. A
 * fixed sample of weights in every layer is checked (all of them would cost seconds).
 */
public final class GradientSelfCheck {

  /** Environment variable that limits oneDNN to safe kernels. */
  public static final String ISA_ENV = "ONEDNN_MAX_CPU_ISA";

  /** The setting known to give correct gradients on the affected machines. */
  public static final String SAFE_ISA = "SSE41";

  /** Largest accepted |analytic − numeric| / max(1, |numeric|). Float32 noise is ~1e-5. */
  public static final double TOLERANCE = 2e-3;

  private static final int[][] LAYERS = { // in, out, stride
    {4, 32, 1}, {32, 32, 2}, {32, 16, 1}
  };
  private static final int N = 2;
  private static final int IN_CHANNELS = 4;
  private static final int SIZE = 8;
  private static final int SAMPLES_PER_LAYER = 24;
  private static final int K = 3;

  /** What the check found. */
  public record Result(boolean passed, double maxError, String worstParameter, long millis) {
    public String describe() {
      return String.format(
          "gradient self-check %s: max relative error %.2e at %s (tolerance %.0e, %d ms, %s=%s)",
          passed ? "passed" : "FAILED",
          maxError,
          worstParameter,
          TOLERANCE,
          millis,
          ISA_ENV,
          System.getenv(ISA_ENV) == null ? "(unset)" : System.getenv(ISA_ENV));
    }
  }

  private GradientSelfCheck() {}

  public static Result run() {
    long start = System.nanoTime();
    Random random = new Random(20261127L);
    double[] x = randoms(random, N * IN_CHANNELS * SIZE * SIZE);
    double[][] weights = new double[LAYERS.length][];
    double[][] biases = new double[LAYERS.length][];
    for (int l = 0; l < LAYERS.length; l++) {
      weights[l] = randoms(random, LAYERS[l][1] * LAYERS[l][0] * K * K);
      biases[l] = randoms(random, LAYERS[l][1]);
    }
    int outSize = finalSize();
    double[] r = randoms(random, N * LAYERS[LAYERS.length - 1][1] * outSize * outSize);

    double[][] analytic = engineGradients(x, weights, r);
    double maxError = 0;
    String worst = "none";
    double eps = 1e-5;
    Random pick = new Random(7);
    for (int l = 0; l < LAYERS.length; l++) {
      for (int s = 0; s < SAMPLES_PER_LAYER; s++) {
        int i = pick.nextInt(weights[l].length);
        double saved = weights[l][i];
        weights[l][i] = saved + eps;
        double plus = referenceLoss(x, weights, biases, r);
        weights[l][i] = saved - eps;
        double minus = referenceLoss(x, weights, biases, r);
        weights[l][i] = saved;
        double numeric = (plus - minus) / (2 * eps);
        double error = Math.abs(analytic[l][i] - numeric) / Math.max(1.0, Math.abs(numeric));
        if (!(error <= maxError)) { // also catches NaN
          maxError = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
          worst = "conv" + (l + 1) + ".weight[" + i + "]";
        }
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Result(maxError <= TOLERANCE, maxError, worst, millis);
  }

  private static double[][] engineGradients(double[] x, double[][] weights, double[] r) {
    int outSize = finalSize();
    try (NDManager manager = Engine.getInstance().newBaseManager()) {
      NDArray input = manager.create(toFloats(x), new Shape(N, IN_CHANNELS, SIZE, SIZE));
      NDArray[] w = new NDArray[LAYERS.length];
      NDArray[] b = new NDArray[LAYERS.length];
      Random random = new Random(20261127L); // same stream as run(): regenerate biases
      randoms(random, N * IN_CHANNELS * SIZE * SIZE);
      for (int l = 0; l < LAYERS.length; l++) {
        randoms(random, weights[l].length);
        w[l] = manager.create(toFloats(weights[l]), new Shape(LAYERS[l][1], LAYERS[l][0], K, K));
        b[l] = manager.create(toFloats(randoms(random, LAYERS[l][1])));
        w[l].setRequiresGradient(true);
      }
      NDArray weightsOfLoss =
          manager.create(toFloats(r), new Shape(N, LAYERS[LAYERS.length - 1][1], outSize, outSize));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray h = input;
        for (int l = 0; l < LAYERS.length; l++) {
          int stride = LAYERS[l][2];
          h =
              Conv2d.conv2d(
                      h, w[l], b[l], new Shape(stride, stride), new Shape(1, 1), new Shape(1, 1), 1)
                  .singletonOrThrow();
          if (l < LAYERS.length - 1) {
            h = h.tanh();
          }
        }
        collector.backward(h.mul(weightsOfLoss).sum());
      }
      double[][] grads = new double[LAYERS.length][];
      for (int l = 0; l < LAYERS.length; l++) {
        float[] g = w[l].getGradient().toFloatArray();
        grads[l] = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          grads[l][i] = g[i];
        }
      }
      return grads;
    }
  }

  private static double referenceLoss(
      double[] x, double[][] weights, double[][] biases, double[] r) {
    double[] h = x;
    int size = SIZE;
    for (int l = 0; l < LAYERS.length; l++) {
      int in = LAYERS[l][0];
      int out = LAYERS[l][1];
      int stride = LAYERS[l][2];
      h = ReferenceConv.forward(h, N, in, size, size, weights[l], biases[l], out, K, stride, 1);
      size = ReferenceConv.outSize(size, K, stride, 1);
      if (l < LAYERS.length - 1) {
        for (int i = 0; i < h.length; i++) {
          h[i] = Math.tanh(h[i]);
        }
      }
    }
    double loss = 0;
    for (int i = 0; i < h.length; i++) {
      loss += h[i] * r[i];
    }
    return loss;
  }

  private static int finalSize() {
    int size = SIZE;
    for (int[] layer : LAYERS) {
      size = ReferenceConv.outSize(size, K, layer[2], 1);
    }
    return size;
  }

  private static double[] randoms(Random random, int n) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextGaussian() * 0.3;
    }
    return values;
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
