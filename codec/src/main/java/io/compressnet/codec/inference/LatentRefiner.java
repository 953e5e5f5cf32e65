package io.compressnet.codec.inference;

import ai.djl.Model;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.engine.GradientSelfCheck;
import io.compressnet.codec.model.ModelSpec;
import java.util.Objects;

/**
 * Moves latents, by Adam steps through the bundle's decoder, toward the latent whose reconstruction
 * is closest (in squared error) to the image it came from. See {@link Refinement}.
 *
 * <p>Holds its own copy of the decoder weights, with gradients switched off for them: only the
 * latent needs a gradient. <b>Not thread-safe</b>, like {@link BatchEncoder}, which owns one.
 *
 * <p>Gradients are switched on through PyTorch's thread-local grad mode rather than DJL's {@code
 * GradientCollector}: the latter allows one collector in the whole JVM at a time, so two stream
 * threads refining at once would fail. Every array of a call lives in a per-call sub-manager.
 */
final class LatentRefiner implements AutoCloseable {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private static GradientSelfCheck.Result gradientCheck;

  private final ModelBundle bundle;
  private final ModelSpec spec;
  private final Refinement refinement;
  private final float[] low;
  private final float[] high;
  private final Model model;
  private final Block decoder;

  /**
   * @param low per-dimension lowest value a latent may take (e.g. INT8 code 0), or null for none
   * @param high per-dimension highest value, or null for none
   */
  LatentRefiner(ModelBundle bundle, Refinement refinement, float[] low, float[] high) {
    this.bundle = Objects.requireNonNull(bundle, "bundle");
    this.spec = bundle.spec();
    this.refinement = Objects.requireNonNull(refinement, "refinement");
    if ((low == null) != (high == null)) {
      throw new IllegalArgumentException("give both latent bounds or neither");
    }
    requireCorrectGradients();
    this.low = low == null ? null : low.clone();
    this.high = high == null ? null : high.clone();
    Model created = Model.newInstance("refiner:" + bundle.modelId());
    try {
      this.decoder = bundle.newDecoderBlock(created.getNDManager());
      for (Pair<String, Parameter> parameter : decoder.getParameters()) {
        parameter.getValue().getArray().setRequiresGradient(false);
      }
    } catch (RuntimeException e) {
      created.close();
      throw e;
    }
    this.model = created;
  }

  /**
   * Refinement follows convolution gradients, which PyTorch's oneDNN computes wrongly on some CPUs
   * (ARCHITECTURE.md). The self-check runs once per JVM, at the first refiner.
   */
  private static synchronized void requireCorrectGradients() {
    if (gradientCheck == null) {
      gradientCheck = GradientSelfCheck.run();
    }
    if (!gradientCheck.passed()) {
      throw new IllegalStateException(
          "encoder refinement needs correct convolution gradients, and this machine's PyTorch"
              + " computes wrong ones ("
              + gradientCheck.describe()
              + "). Start the JVM with "
              + GradientSelfCheck.ISA_ENV
              + "="
              + GradientSelfCheck.SAFE_ISA
              + ", or turn refinement off (compressnet.encoder.refine.steps=0).");
    }
  }

  Refinement refinement() {
    return refinement;
  }

  /**
   * Refines one forward pass worth of latents. Each image keeps the best latent seen (lowest
   * reconstruction error, its network guess included), so refinement never makes an image's
   * reconstruction from the unrounded latent worse, whatever the step size.
   *
   * @param unitPixels {@code rows} images, pixels scaled to [0, 1], row-major
   * @param latents {@code rows × latentDims} latents from the encoder network
   * @return refined latents, same layout
   */
  float[] refine(float[] unitPixels, float[] latents, int rows) {
    if (!refinement.enabled()) {
      return latents;
    }
    int dims = spec.latentDims();
    Shape latentShape = new Shape(rows, dims);
    try (NDManager call = model.getNDManager().newSubManager()) {
      NDArray target = call.create(unitPixels, spec.inputShape(rows));
      NDArray lowBound = low == null ? null : call.create(low, new Shape(1, dims));
      NDArray highBound = high == null ? null : call.create(high, new Shape(1, dims));
      ParameterStore store = new ParameterStore(call, false);
      NDArray latent = bounded(call.create(latents, latentShape), lowBound, highBound);
      NDArray best = latent;
      NDArray bestError = null;
      NDArray firstMoment = call.zeros(latentShape);
      NDArray secondMoment = call.zeros(latentShape);
      for (int step = 1; step <= refinement.steps(); step++) {
        NDList errorAndGradient = errorAndGradient(store, latent, target);
        NDArray error = errorAndGradient.get(0);
        NDArray gradient = errorAndGradient.get(1);
        if (bestError == null) {
          bestError = error;
        } else {
          NDArray better = error.lt(bestError).expandDims(1).broadcast(latentShape);
          best = NDArrays.where(better, latent, best);
          bestError = error.minimum(bestError);
        }
        firstMoment = firstMoment.mul(BETA1).add(gradient.mul(1 - BETA1));
        secondMoment = secondMoment.mul(BETA2).add(gradient.square().mul(1 - BETA2));
        NDArray meanEstimate = firstMoment.div(1 - Math.pow(BETA1, step));
        NDArray scaleEstimate = secondMoment.div(1 - Math.pow(BETA2, step)).sqrt().add(EPSILON);
        latent =
            bounded(
                latent.sub(meanEstimate.div(scaleEstimate).mul(refinement.rate())),
                lowBound,
                highBound);
      }
      NDArray lastError = perImageError(decode(store, latent), target);
      return NDArrays.where(
              lastError.lt(bestError).expandDims(1).broadcast(latentShape), latent, best)
          .toFloatArray();
    } catch (RuntimeException e) {
      throw new InferenceException("refinement with " + bundle.modelId() + " failed: " + e, e);
    }
  }

  /**
   * Per-image squared error of {@code latent}'s reconstruction, and d(its sum)/d(latent): one row
   * per image, since images do not interact.
   */
  private NDList errorAndGradient(ParameterStore store, NDArray latent, NDArray target) {
    NDArray leaf = latent.duplicate();
    leaf.setRequiresGradient(true);
    NDArray error;
    boolean wasOn = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
    try {
      NDArray perImage = perImageError(decode(store, leaf), target);
      NDArray total = perImage.sum();
      JniUtils.backward((PtNDArray) total, (PtNDArray) total.onesLike(), false, false);
      error = perImage.stopGradient();
    } finally {
      JniUtils.setGradMode(wasOn);
    }
    return new NDList(error, leaf.getGradient().duplicate());
  }

  private NDArray decode(ParameterStore store, NDArray latent) {
    return decoder.forward(store, new NDList(latent), false).singletonOrThrow();
  }

  private static NDArray perImageError(NDArray reconstruction, NDArray target) {
    return reconstruction.sub(target).square().sum(new int[] {1, 2, 3});
  }

  private static NDArray bounded(NDArray latent, NDArray low, NDArray high) {
    return low == null ? latent : latent.maximum(low).minimum(high);
  }

  /** Native arrays owned by this refiner right now (its weights); for leak tests. */
  int liveArrays() {
    return ((BaseNDManager) model.getNDManager()).getManagedArrays().size();
  }

  @Override
  public void close() {
    model.close();
  }
}
