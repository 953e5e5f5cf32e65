package io.compressnet.codec.inference;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Moves one whole batch in and out of the network as plain floats. The input array is created in
 * the predictor's per-call manager and the output is copied out to a Java array, so every native
 * array of a call is freed when the predictor closes that call's manager.
 */
final class FloatTensorTranslator
    implements NoBatchifyTranslator<FloatTensorTranslator.Tensor, float[]> {

  /** A batch as a flat float array and its shape. */
  record Tensor(float[] values, Shape shape) {}

  @Override
  public NDList processInput(TranslatorContext ctx, Tensor input) {
    return new NDList(ctx.getNDManager().create(input.values(), input.shape()));
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList list) {
    return list.singletonOrThrow().toFloatArray();
  }
}
