package io.compressnet.codec.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;

/**
 * Multiply-accumulates per image of a network, computed from its layer shapes. On the CPU the cost
 * of a design is its multiply-accumulates (ARCHITECTURE.md, "DJL facts"), so every design is
 * reported with this figure; computing it from the blocks themselves means it cannot drift from the
 * architecture. Only convolutions and dense layers count: activations, reshapes and the pixel
 * shuffle are a few operations per value, negligible next to them.
 */
public final class MacCount {

  private MacCount() {}

  /** Encoder and decoder multiply-accumulates per image of one design at one size. */
  public record Figures(long encoder, long decoder) {
    public long total() {
      return encoder + decoder;
    }
  }

  public static Figures of(ModelSpec spec) {
    Architecture a = spec.architecture();
    return new Figures(
        perImage(a.encoder(spec), spec.inputShape(1)),
        perImage(a.decoder(spec), new Shape(1, spec.latentDims())));
  }

  /**
   * Multiply-accumulates of one forward pass of {@code block} on an input of {@code input} shape
   * with batch size 1. The block need not be initialized.
   *
   * @throws IllegalArgumentException for a composite block kind this count does not know, rather
   *     than silently counting it as free
   */
  public static long perImage(Block block, Shape input) {
    if (input.get(0) != 1) {
      throw new IllegalArgumentException("count per image: batch size must be 1, got " + input);
    }
    return count(block, input);
  }

  private static long count(Block block, Shape input) {
    if (block instanceof Convolution conv) {
      Shape out = outputShape(block, input);
      long outputValues = out.size() / out.get(0);
      long inputChannels = input.get(1) / conv.getGroups();
      return outputValues * inputChannels * conv.getKernelShape().size();
    }
    if (block instanceof Linear) {
      Shape out = outputShape(block, input);
      return out.get(out.dimension() - 1) * (input.size() / input.get(0));
    }
    if (block instanceof SequentialBlock) {
      long sum = 0;
      Shape shape = input;
      for (Block child : block.getChildren().values()) {
        sum += count(child, shape);
        shape = outputShape(child, shape);
      }
      return sum;
    }
    if (block instanceof ParallelBlock) {
      long sum = 0;
      for (Block branch : block.getChildren().values()) {
        sum += count(branch, input);
      }
      return sum;
    }
    if (!block.getChildren().isEmpty() || !block.getDirectParameters().isEmpty()) {
      throw new IllegalArgumentException(
          "cannot count multiply-accumulates of " + block.getClass().getSimpleName());
    }
    return 0;
  }

  private static Shape outputShape(Block block, Shape input) {
    return block.getOutputShapes(new Shape[] {input})[0];
  }
}
