package io.compressnet.codec.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.Locale;

/**
 * The autoencoder designs, defined once and used by the trainer, the encoder service and the
 * decoder service. All share one convolutional encoder (two stride-2 stages, then a dense
 * bottleneck squashed by tanh so the latent range is bounded for INT8 quantization); they differ in
 * how the decoder learns to upsample, since DJL's PyTorch engine has no transposed convolution.
 */
public enum Architecture {
  /** Sub-pixel convolution (conv to 4·C channels + pixel shuffle) at each of the two stages. */
  PIXEL_SHUFFLE("ps"),
  /** Nearest-neighbour repeat ×2 followed by a 3×3 convolution at each stage. */
  RESIZE_CONV("nn"),
  /** Pixel shuffle with a residual refinement block after each upsampling. */
  PIXEL_SHUFFLE_RESIDUAL("psres"),
  /** Pixel shuffle with wider feature maps and a second plain refinement convolution. */
  PIXEL_SHUFFLE_WIDE("psw");

  private static final int ENC_C1 = 32;
  private static final int ENC_C2 = 64;
  private static final int ENC_C3 = 64;

  private final String shortName;

  Architecture(String shortName) {
    this.shortName = shortName;
  }

  /** The short name used in model ids and on the command line, e.g. {@code ps}. */
  public String shortName() {
    return shortName;
  }

  public static Architecture fromName(String name) {
    for (Architecture a : values()) {
      if (a.shortName.equalsIgnoreCase(name) || a.name().equalsIgnoreCase(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown architecture '" + name + "'; known: " + List.of(shortNames()));
  }

  public static String[] shortNames() {
    Architecture[] all = values();
    String[] names = new String[all.length];
    for (int i = 0; i < all.length; i++) {
      names[i] = all[i].shortName;
    }
    return names;
  }

  /** Images (N, 1, H, W) in [0, 1] → latents (N, latentDims) in (−1, 1). */
  public Block encoder(ModelSpec spec) {
    return new SequentialBlock()
        .add(conv(ENC_C1, 1))
        .add(Activation.reluBlock())
        .add(conv(ENC_C2, 2))
        .add(Activation.reluBlock())
        .add(conv(ENC_C3, 2))
        .add(Activation.reluBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(spec.latentDims()).build())
        .add(Activation.tanhBlock());
  }

  /** Latents (N, latentDims) → images (N, 1, H, W) in [0, 1]. */
  public Block decoder(ModelSpec spec) {
    int c0 = this == PIXEL_SHUFFLE_WIDE ? 96 : 64;
    int c1 = this == PIXEL_SHUFFLE_WIDE ? 64 : 48;
    int c2 = this == PIXEL_SHUFFLE_WIDE ? 48 : 32;
    int h4 = spec.height() / 4;
    int w4 = spec.width() / 4;
    SequentialBlock d =
        new SequentialBlock()
            .add(Linear.builder().setUnits((long) c0 * h4 * w4).build())
            .add(Activation.reluBlock())
            .add(reshape(c0, h4, w4));
    addUpStage(d, c1);
    addUpStage(d, c2);
    return d.add(conv(1, 1)).add(Activation.sigmoidBlock());
  }

  private void addUpStage(SequentialBlock d, int channels) {
    switch (this) {
      case PIXEL_SHUFFLE -> d.add(conv(4 * channels, 1)).add(PixelShuffle.block(2));
      case RESIZE_CONV -> d.add(PixelShuffle.nearestUpsample(2)).add(conv(channels, 1));
      case PIXEL_SHUFFLE_RESIDUAL -> {
        d.add(conv(4 * channels, 1)).add(PixelShuffle.block(2)).add(Activation.reluBlock());
        d.add(residual(channels));
        return;
      }
      case PIXEL_SHUFFLE_WIDE -> {
        d.add(conv(4 * channels, 1)).add(PixelShuffle.block(2)).add(Activation.reluBlock());
        d.add(conv(channels, 1));
      }
    }
    d.add(Activation.reluBlock());
  }

  private static Block residual(int channels) {
    Block body =
        new SequentialBlock()
            .add(conv(channels, 1))
            .add(Activation.reluBlock())
            .add(conv(channels, 1));
    return new SequentialBlock()
        .add(
            new ParallelBlock(
                branches ->
                    new NDList(
                        branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
                List.of(body, Blocks.identityBlock())))
        .add(Activation.reluBlock());
  }

  private static Block conv(int filters, int stride) {
    return Conv2d.builder()
        .setKernelShape(new Shape(3, 3))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(1, 1))
        .setFilters(filters)
        .build();
  }

  private static Block reshape(int c, int h, int w) {
    return new LambdaBlock(
        list -> new NDList(list.singletonOrThrow().reshape(-1, c, h, w)), "toFeatureMap");
  }

  @Override
  public String toString() {
    return shortName.toLowerCase(Locale.ROOT);
  }
}
