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

  public Autoencoder(ModelSpec spec, float trainingNoise) {
    super((byte) 1);
    this.encoder = addChildBlock("encoder", spec.architecture().encoder(spec));
    this.decoder = addChildBlock("decoder", spec.architecture().decoder(spec));
    this.trainingNoise = trainingNoise;
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
    NDArray latent = encoder.forward(store, inputs, training, params).singletonOrThrow();
    if (training && trainingNoise > 0) {
      NDArray noise =
          latent
              .getManager()
              .randomUniform(
                  -trainingNoise / 2, trainingNoise / 2, latent.getShape(), DataType.FLOAT32);
      latent = latent.add(noise);
    }
    return decoder.forward(store, new NDList(latent), training, params);
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
  }
}
