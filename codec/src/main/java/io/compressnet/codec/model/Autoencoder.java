package io.compressnet.codec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Encoder and decoder joined for training. While training, uniform noise of one INT8 quantization
 * step is added to the latent, so the decoder learns to tolerate the rounding it will see on the
 * wire; at inference the latent passes through unchanged.
 */
public final class Autoencoder extends AbstractBlock {

  /** tanh bounds the latent to (−1, 1): 255 INT8 steps over that range at most. */
  public static final float QUANTIZATION_STEP = 2f / 255f;

  private final Block encoder;
  private final Block decoder;
  private final float trainingNoise;
  private final LatentPrior prior;
  private final boolean latentOutput;

  /** Name of the clean latent in a training pass's output, when it is asked for. */
  public static final String LATENT_OUTPUT = "latent";

  /** Name of the prior's bits in the output of a network with a prior. */
  public static final String BITS_OUTPUT = "bits";

  public Autoencoder(ModelSpec spec, float trainingNoise) {
    this(spec, trainingNoise, false);
  }

  public Autoencoder(ModelSpec spec, float trainingNoise, boolean withPrior) {
    this(spec, trainingNoise, withPrior, false);
  }

  /**
   * @param withPrior also learn a {@link LatentPrior} on the noisy latent (for a rate term): while
   *     training, the forward pass then returns the reconstruction and each latent's bits (in
   *     training and in evaluation), named {@link #BITS_OUTPUT}
   * @param latentOutput a training pass also returns the latent before noise, named {@link
   *     #LATENT_OUTPUT} (for a loss on the latent itself: distillation); evaluation passes never do
   */
  public Autoencoder(ModelSpec spec, float trainingNoise, boolean withPrior, boolean latentOutput) {
    super((byte) 1);
    this.encoder = addChildBlock("encoder", spec.architecture().encoder(spec));
    this.decoder = addChildBlock("decoder", spec.architecture().decoder(spec));
    this.trainingNoise = trainingNoise;
    this.prior =
        withPrior
            ? addChildBlock("prior", new LatentPrior(spec.latentDims(), trainingNoise))
            : null;
    this.latentOutput = latentOutput;
  }

  public Block encoder() {
    return encoder;
  }

  public Block decoder() {
    return decoder;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray clean = encoder.forward(store, inputs, training, params).singletonOrThrow();
    NDArray latent = clean;
    if (training && trainingNoise > 0) {
      NDArray noise =
          latent
              .getManager()
              .randomUniform(
                  -trainingNoise / 2, trainingNoise / 2, latent.getShape(), DataType.FLOAT32);
      latent = latent.add(noise);
    }
    NDList output = decoder.forward(store, new NDList(latent), training, params);
    if (prior != null) {
      // Held-out batches are scored with their rate too (on the clean latent's cell).
      NDArray bits = prior.forward(store, new NDList(latent), training, params).singletonOrThrow();
      bits.setName(BITS_OUTPUT);
      output = new NDList(output.singletonOrThrow(), bits);
    }
    if (training && latentOutput) {
      clean.setName(LATENT_OUTPUT);
      output = new NDList(output);
      output.add(clean);
    }
    return output;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return decoder.getOutputShapes(encoder.getOutputShapes(inputShapes));
  }

  @Override
  protected void initializeChildBlocks(
      ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
    encoder.initialize(manager, dataType, inputShapes);
    decoder.initialize(manager, dataType, encoder.getOutputShapes(inputShapes));
    if (prior != null) {
      prior.initialize(manager, dataType, encoder.getOutputShapes(inputShapes));
    }
  }
}
