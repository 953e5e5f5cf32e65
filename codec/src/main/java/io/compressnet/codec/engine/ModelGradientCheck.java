package io.compressnet.codec.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.codec.model.ModelSpec;
import java.nio.DoubleBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Compares the float32 gradients of a real network (the kernels training will use) with the same
 * network's float64 gradients. PyTorch runs float64 convolutions through its own native code, not
 * oneDNN, so the float64 result is an independent reference at full model size, where {@link
 * GradientSelfCheck}'s small finite-difference stack may not reach the kernels that fail.
 */
public final class ModelGradientCheck {

  /**
   * Largest accepted relative L2 error per parameter. Float32 rounding alone gives 1e-5 to 2e-3
   * (the residual design, whose early-layer gradients partly cancel); the kernel fault this guards
   * against gives errors of order one or NaN.
   */
  public static final double TOLERANCE = 1e-2;

  private static final int BATCH = 32;

  /** The outcome: worst relative error over all parameters. */
  public record Result(boolean passed, double maxError, String worstParameter) {
    public String describe() {
      return String.format(
          "model gradient check %s: max relative error %.2e at %s (float32 vs float64, tolerance"
              + " %.0e)",
          passed ? "passed" : "FAILED", maxError, worstParameter, TOLERANCE);
    }
  }

  private ModelGradientCheck() {}

  public static Result run(ModelSpec spec) {
    Map<String, double[]> initial = new LinkedHashMap<>();
    Map<String, double[]> single = gradients(spec, DataType.FLOAT32, initial);
    Map<String, double[]> reference = gradients(spec, DataType.FLOAT64, initial);
    double worst = 0;
    String worstName = "none";
    for (Map.Entry<String, double[]> e : single.entrySet()) {
      double[] a = e.getValue();
      double[] b = reference.get(e.getKey());
      double diff = 0;
      double norm = 0;
      for (int i = 0; i < a.length; i++) {
        diff += (a[i] - b[i]) * (a[i] - b[i]);
        norm += b[i] * b[i];
      }
      double error = Math.sqrt(diff / Math.max(norm, 1e-30));
      if (!(error <= worst)) {
        worst = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
        worstName = e.getKey();
      }
    }
    return new Result(worst <= TOLERANCE, worst, worstName);
  }

  private static Map<String, double[]> gradients(
      ModelSpec spec, DataType type, Map<String, double[]> initial) {
    Map<String, double[]> out = new LinkedHashMap<>();
    try (NDManager manager = Engine.getInstance().newBaseManager()) {
      Autoencoder network = new Autoencoder(spec, 0f);
      network.initialize(manager, type, spec.inputShape(BATCH));
      for (Pair<String, Parameter> p : network.getParameters()) {
        NDArray array = p.getValue().getArray();
        double[] start = initial.get(p.getKey());
        if (start == null) {
          initial.put(p.getKey(), array.toType(DataType.FLOAT64, false).toDoubleArray());
        } else {
          array.set(DoubleBuffer.wrap(start));
        }
        array.setRequiresGradient(true);
      }
      NDArray x = manager.create(sparseStrokes(spec), spec.inputShape(BATCH)).toType(type, false);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray y =
            network
                .forward(new ParameterStore(manager, false), new NDList(x), true)
                .singletonOrThrow();
        collector.backward(y.sub(x).square().mean());
      }
      for (Pair<String, Parameter> p : network.getParameters()) {
        out.put(
            p.getKey(),
            p.getValue().getArray().getGradient().toType(DataType.FLOAT64, false).toDoubleArray());
      }
    }
    return out;
  }

  /** Mostly-black images with bright random pixels, like handwriting. */
  private static float[] sparseStrokes(ModelSpec spec) {
    Random random = new Random(3);
    float[] pixels = new float[BATCH * spec.values()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextFloat() < 0.2f ? random.nextFloat() : 0f;
    }
    return pixels;
  }
}
