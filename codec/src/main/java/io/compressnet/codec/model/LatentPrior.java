package io.compressnet.codec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A learned density of each latent dimension, for training with a rate term: per dimension a
 * mixture of {@value #COMPONENTS} logistic distributions, whose probability of the rounding cell
 * around a noisy latent value {@code y~} is {@code F(y~ + step/2) - F(y~ - step/2)} (F the
 * mixture's CDF). With uniform noise of width {@code step} standing in for rounding, that
 * probability's negative log2 is the relaxed code length of the latent on a grid of that step, as
 * in Ballé, Laparra and Simoncelli, "End-to-end optimized image compression" (ICLR 2017); their
 * density is a non-parametric one, a small mixture suffices for one-dimensional latents.
 *
 * <p>Input: latents {@code (N, dims)}; output: bits of each latent {@code (N)}. Only training uses
 * it: the wire's tables are counted on the real codes afterwards ({@code fit-entropy}).
 */
public final class LatentPrior extends AbstractBlock {

  /** Logistic components per dimension. */
  public static final int COMPONENTS = 3;

  /** Floor of a cell's probability, so that log2 stays finite (about 30 bits). */
  private static final float MIN_PROBABILITY = 1e-9f;

  private final int dims;
  private final float step;
  private final Parameter locations;
  private final Parameter logScales;
  private final Parameter mixLogits;

  /**
   * @param dims latent dimensions
   * @param step width of the rounding cell (the training noise), in latent units
   */
  public LatentPrior(int dims, float step) {
    super((byte) 1);
    if (!(step > 0)) {
      throw new IllegalArgumentException("a rate term needs latent noise above 0, got " + step);
    }
    this.dims = dims;
    this.step = step;
    Shape shape = new Shape(dims, COMPONENTS);
    // Components start spread over the middle of tanh's range, each 0.1 wide, equally weighted.
    locations =
        addParameter(
            Parameter.builder()
                .setName("locations")
                .setType(Parameter.Type.OTHER)
                .optShape(shape)
                .optInitializer(
                    (manager, s, type) ->
                        manager
                            .linspace(-0.2f, 0.2f, COMPONENTS)
                            .reshape(1, COMPONENTS)
                            .repeat(0, s.get(0)))
                .build());
    logScales =
        addParameter(
            Parameter.builder()
                .setName("logScales")
                .setType(Parameter.Type.OTHER)
                .optShape(shape)
                .optInitializer((manager, s, type) -> manager.full(s, (float) Math.log(0.1)))
                .build());
    mixLogits =
        addParameter(
            Parameter.builder()
                .setName("mixLogits")
                .setType(Parameter.Type.OTHER)
                .optShape(shape)
                .optInitializer((manager, s, type) -> manager.zeros(s))
                .build());
  }

  public float step() {
    return step;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray latent = inputs.singletonOrThrow();
    NDArray loc = store.getValue(locations, latent.getDevice(), training);
    NDArray invScale = store.getValue(logScales, latent.getDevice(), training).neg().exp();
    NDArray weights = store.getValue(mixLogits, latent.getDevice(), training).softmax(1);
    // (N, dims, 1) against (dims, K): each latent value under each component.
    NDArray y = latent.expandDims(2);
    NDArray upper = y.add(step / 2).sub(loc).mul(invScale);
    NDArray lower = y.sub(step / 2).sub(loc).mul(invScale);
    // Above a component's centre both sigmoids are near 1 and their difference loses float
    // precision; sigmoid(-a) - sigmoid(-b) is the same mass in the tail where it is exact.
    NDArray side = y.gt(loc).toType(DataType.FLOAT32, false).mul(-2).add(1);
    NDArray mass =
        Activation.sigmoid(upper.mul(side)).sub(Activation.sigmoid(lower.mul(side))).abs();
    NDArray probability = mass.mul(weights).sum(new int[] {2});
    NDArray bits = probability.maximum(MIN_PROBABILITY).log2().neg().sum(new int[] {1});
    return new NDList(bits);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // No child blocks; the parameters' shapes are fixed by dims.
  }

  @Override
  public String toString() {
    return "LatentPrior(" + dims + " dims, step " + step + ")";
  }
}
