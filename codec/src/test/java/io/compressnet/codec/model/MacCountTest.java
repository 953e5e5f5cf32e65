package io.compressnet.codec.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.junit.jupiter.api.Test;

/** Multiply-accumulate counts of every design against counts done by hand from the layer list. */
class MacCountTest {

  // Hand counts at 28x28: a 3x3 convolution costs (output values) x (input channels) x 9, a dense
  // layer (inputs) x (outputs).
  private static final long LEGACY_ENCODER =
      28 * 28 * 32 * 9L + 14 * 14 * 64 * 32 * 9L + 7 * 7 * 64 * 64 * 9L + 3136 * 32L;
  private static final long LITE_ENCODER =
      28 * 28 * 32 * 9L + 14 * 14 * 64 * 32 * 9L + 7 * 7 * 64 * 64 * 9L + 3136 * 256L + 256 * 32L;
  private static final long SUBPIXEL_OUT = 14 * 14 * 4 * 32 * 9L;

  @Test
  void shouldCountTheSharedEncoderLikeTheHandCount() {
    assertThat(LEGACY_ENCODER).isEqualTo(5_745_152L);
    assertThat(figures(Architecture.PIXEL_SHUFFLE_RESIDUAL).encoder()).isEqualTo(LEGACY_ENCODER);
    assertThat(figures(Architecture.LITE6).encoder()).isEqualTo(LITE_ENCODER);
  }

  @Test
  void shouldCountThePsresDecoderLikeTheHandCount() {
    long expected =
        32 * 3136L // dense to 64@7x7
            + 7 * 7 * 192 * 64 * 9L // sub-pixel conv to 48@14x14
            + 2 * (14 * 14 * 48 * 48 * 9L) // residual block at 14x14
            + 14 * 14 * 128 * 48 * 9L // sub-pixel conv to 32@28x28
            + 2 * (28 * 28 * 32 * 32 * 9L) // residual block at 28x28
            + 28 * 28 * 32 * 9L; // output conv
    assertThat(figures(Architecture.PIXEL_SHUFFLE_RESIDUAL).decoder())
        .isEqualTo(expected)
        .isEqualTo(39_162_368L);
  }

  @Test
  void shouldCountTheLiteDecodersLikeTheHandCount() {
    long lite3 = 32 * 256L + 256 * 48 * 49L + 7 * 7 * 128 * 48 * 9L + SUBPIXEL_OUT;
    long lite6 =
        32 * 256L + 256 * 64 * 49L + 7 * 7 * 64 * 64 * 9L + 7 * 7 * 128 * 64 * 9L + SUBPIXEL_OUT;
    long lite10 =
        32 * 256L
            + 256 * 56 * 49L
            + 7 * 7 * 56 * 56 * 9L
            + 7 * 7 * 128 * 56 * 9L
            + 2 * (14 * 14 * 32 * 32 * 9L)
            + SUBPIXEL_OUT;
    assertThat(figures(Architecture.LITE3).decoder()).isEqualTo(lite3).isEqualTo(3_545_600L);
    assertThat(figures(Architecture.LITE6).decoder()).isEqualTo(lite6).isEqualTo(6_455_808L);
    assertThat(figures(Architecture.LITE10).decoder()).isEqualTo(lite10).isEqualTo(9_093_184L);
  }

  @Test
  void shouldCountTheWideEncoderAndTheLite10DecoderOfLite10e() {
    long wideEncoder =
        28 * 28 * 32 * 9L
            + 14 * 14 * 64 * 32 * 9L
            + 7 * 7 * 96 * 64 * 9L
            + 4704 * 512L
            + 512 * 256L
            + 256 * 32L;
    assertThat(figures(Architecture.LITE10_WIDE_ENCODER).encoder()).isEqualTo(wideEncoder);
    assertThat(figures(Architecture.LITE10_WIDE_ENCODER).decoder())
        .isEqualTo(figures(Architecture.LITE10).decoder());
  }

  @Test
  void shouldCountTheSmallEncoderAndTheLite10DecoderOfLite10s() {
    long smallEncoder =
        28 * 28 * 16 * 9L + 14 * 14 * 32 * 16 * 9L + 7 * 7 * 64 * 32 * 9L + 3136 * 256L + 256 * 32L;
    assertThat(figures(Architecture.LITE10_SMALL_ENCODER).encoder())
        .isEqualTo(smallEncoder)
        .isEqualTo(2_730_240L);
    assertThat(figures(Architecture.LITE10_SMALL_ENCODER).decoder())
        .isEqualTo(figures(Architecture.LITE10).decoder());
  }

  @Test
  void shouldCountThreeInputChannelsAndThreeOutputChannelsOfAnRgbModel() {
    // Given the first convolution reads 3 channels and the sub-pixel output makes 4 x 3
    MacCount.Figures gray = MacCount.of(new ModelSpec(Architecture.LITE10, 28, 28, 32, 1));
    MacCount.Figures rgb = MacCount.of(new ModelSpec(Architecture.LITE10, 28, 28, 32, 3));
    // Then only those two layers cost more, by hand count
    assertThat(rgb.encoder() - gray.encoder()).isEqualTo(28 * 28 * 32 * 9L * 2);
    assertThat(rgb.decoder() - gray.decoder()).isEqualTo(14 * 14 * 4 * 32 * 9L * 2);
  }

  @Test
  void shouldCountAStridedConvolutionByItsOutputSize() {
    // Given a 3x3 stride-2 convolution 2 -> 5 channels on a 1x2x6x6 input (output 3x3)
    var conv =
        Conv2d.builder()
            .setKernelShape(new Shape(3, 3))
            .optStride(new Shape(2, 2))
            .optPadding(new Shape(1, 1))
            .setFilters(5)
            .build();
    // When / Then: 5 x 3 x 3 outputs, each 2 x 9 multiply-accumulates
    assertThat(MacCount.perImage(conv, new Shape(1, 2, 6, 6))).isEqualTo(5 * 9 * 18L);
  }

  @Test
  void shouldRefuseABatchShape() {
    assertThatThrownBy(
            () ->
                MacCount.perImage(
                    Architecture.LITE3.decoder(ModelSpec.emnist(Architecture.LITE3, 32)),
                    new Shape(4, 32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch size must be 1");
  }

  private static MacCount.Figures figures(Architecture architecture) {
    return MacCount.of(ModelSpec.emnist(architecture, 32));
  }
}
