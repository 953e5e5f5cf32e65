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
 *
 * <p>The {@code lite} designs are the cheap end of the quality–cost frontier: the decoder's cost is
 * its multiply-accumulates ({@link MacCount}), and at 28×28 a 3×3 convolution costs 16 times more
 * at full resolution than at 7×7. So they do their work at 7×7 and 14×14 and reach 28×28 with one
 * last sub-pixel convolution (to 4 channels, shuffled into one), with no full-resolution feature
 * map at all. A hidden dense layer on each side of the latent (matrix products, the cheapest
 * multiply-accumulates on the CPU) gives the encoder's guess and the decoder's first feature map
 * more than one linear map of capacity: encoder refinement showed the encoder's guess, not the
 * decoder, to be the weak link.
 */
public enum Architecture {
  /** Sub-pixel convolution (conv to 4·C channels + pixel shuffle) at each of the two stages. */
  PIXEL_SHUFFLE("ps"),
  /** Nearest-neighbour repeat ×2 followed by a 3×3 convolution at each stage. */
  RESIZE_CONV("nn"),
  /** Pixel shuffle with a residual refinement block after each upsampling. */
  PIXEL_SHUFFLE_RESIDUAL("psres"),
  /** Pixel shuffle with wider feature maps and a second plain refinement convolution. */
  PIXEL_SHUFFLE_WIDE("psw"),
  /** About 3.6 M decoder multiply-accumulates: dense head, one sub-pixel stage, sub-pixel out. */
  LITE3("lite3"),
  /** About 6.5 M: {@link #LITE3} with a 3×3 convolution at 7×7 and 64 channels there. */
  LITE6("lite6"),
  /** About 9.1 M: {@link #LITE6} with 56 channels at 7×7 and a residual block at 14×14. */
  LITE10("lite10"),
  /**
   * {@link #LITE10}'s decoder behind a larger encoder (96 channels at 7×7, dense 512 then 256): the
   * encoder's guess is the weak link (refinement finds latents 1.5 dB better for the same decoder),
   * so this spends multiply-accumulates on the sender's side only.
   */
  LITE10_WIDE_ENCODER("lite10e"),
  /**
   * {@link #LITE10}'s decoder behind a smaller encoder (16 and 32 channels before the 64 at 7×7,
   * 2.73 M multiply-accumulates against 6.46 M): the sender's network is the larger share of the
   * encoder service's CPU per image, and a larger encoder did not encode better.
   */
  LITE10_SMALL_ENCODER("lite10s");

  /** Hidden units of the dense layer on each side of the latent in the {@code lite} designs. */
  private static final int LITE_HIDDEN = 256;

  private static final int ENC_C1 = 32;
  private static final int ENC_C2 = 64;
  private static final int ENC_C3 = 64;
  private static final int WIDE_ENC_C3 = 96;
  private static final int WIDE_HIDDEN = 512;
  private static final int SMALL_ENC_C1 = 16;
  private static final int SMALL_ENC_C2 = 32;

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

  /** Images (N, C, H, W) in [0, 1] → latents (N, latentDims) in (−1, 1). */
  public Block encoder(ModelSpec spec) {
    boolean wide = this == LITE10_WIDE_ENCODER;
    boolean small = this == LITE10_SMALL_ENCODER;
    SequentialBlock e =
        new SequentialBlock()
            .add(conv(small ? SMALL_ENC_C1 : ENC_C1, 1))
            .add(Activation.reluBlock())
            .add(conv(small ? SMALL_ENC_C2 : ENC_C2, 2))
            .add(Activation.reluBlock())
            .add(conv(wide ? WIDE_ENC_C3 : ENC_C3, 2))
            .add(Activation.reluBlock())
            .add(Blocks.batchFlattenBlock());
    if (wide) {
      e.add(dense(WIDE_HIDDEN)).add(Activation.reluBlock());
    }
    if (isLite()) {
      e.add(dense(LITE_HIDDEN)).add(Activation.reluBlock());
    }
    return e.add(dense(spec.latentDims())).add(Activation.tanhBlock());
  }

  /**
   * The design whose decoder this one uses: itself, except for designs that differ only in the
   * encoder. Bundles of two designs with the same decoder design have interchangeable decoders.
   */
  public Architecture decoderDesign() {
    return this == LITE10_WIDE_ENCODER || this == LITE10_SMALL_ENCODER ? LITE10 : this;
  }

  /** Whether this is one of the cheap designs with a hidden dense layer on each side. */
  public boolean isLite() {
    return this == LITE3
        || this == LITE6
        || this == LITE10
        || this == LITE10_WIDE_ENCODER
        || this == LITE10_SMALL_ENCODER;
  }

  /** Latents (N, latentDims) → images (N, C, H, W) in [0, 1]. */
  public Block decoder(ModelSpec spec) {
    if (isLite()) {
      return liteDecoder(spec);
    }
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
    return d.add(conv(spec.channels(), 1)).add(Activation.sigmoidBlock());
  }

  private Block liteDecoder(ModelSpec spec) {
    Architecture design = decoderDesign();
    int c7 =
        switch (design) {
          case LITE3 -> 48;
          case LITE10 -> 56;
          default -> 64;
        };
    int c14 = 32;
    int h4 = spec.height() / 4;
    int w4 = spec.width() / 4;
    SequentialBlock d =
        new SequentialBlock()
            .add(dense(LITE_HIDDEN))
            .add(Activation.reluBlock())
            .add(dense((long) c7 * h4 * w4))
            .add(Activation.reluBlock())
            .add(reshape(c7, h4, w4));
    if (design != LITE3) {
      d.add(conv(c7, 1)).add(Activation.reluBlock());
    }
    d.add(conv(4 * c14, 1)).add(PixelShuffle.block(2)).add(Activation.reluBlock());
    if (design == LITE10) {
      d.add(residual(c14));
    }
    // The last stage is a sub-pixel convolution straight to 28×28: each 14×14 position emits its
    // 2×2 block of output pixels (per channel), so no convolution runs at full resolution.
    return d.add(conv(4 * spec.channels(), 1))
        .add(PixelShuffle.block(2))
        .add(Activation.sigmoidBlock());
  }

  private static Block dense(long units) {
    return Linear.builder().setUnits(units).build();
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
