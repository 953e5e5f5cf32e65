package io.compressnet.codec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;

/**
 * Sub-pixel upsampling (depth-to-space). DJL's PyTorch engine has no transposed convolution, so the
 * decoders learn to upsample with a convolution to {@code C * r * r} channels followed by this
 * parameter-free rearrangement to {@code C} channels at {@code r} times the resolution.
 */
public final class PixelShuffle {

  private PixelShuffle() {}

  /** (N, C·r·r, H, W) → (N, C, H·r, W·r). */
  public static NDArray apply(NDArray x, int r) {
    Shape s = x.getShape();
    long n = s.get(0);
    long c = s.get(1) / (r * r);
    long h = s.get(2);
    long w = s.get(3);
    return x.reshape(n, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * r, w * r);
  }

  public static Block block(int r) {
    return new LambdaBlock(list -> new NDList(apply(list.singletonOrThrow(), r)), "pixelShuffle");
  }

  /** Nearest-neighbour upsampling by repeating rows and columns {@code r} times. */
  public static Block nearestUpsample(int r) {
    return new LambdaBlock(
        list -> new NDList(list.singletonOrThrow().repeat(2, r).repeat(3, r)), "nearestUpsample");
  }
}
