package io.compressnet.codec.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import io.compressnet.codec.engine.ReferenceConv;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine's forward results against plain Java computations on tiny inputs. */
class ForwardReferenceTest {

  @Test
  void shouldComputeStridedConvolutionLikeThePlainReference() {
    Random random = new Random(1);
    int n = 2, c = 3, h = 7, w = 6, f = 4, k = 3, stride = 2, pad = 1;
    double[] x = gaussians(random, n * c * h * w);
    double[] weight = gaussians(random, f * c * k * k);
    double[] bias = gaussians(random, f);
    double[] expected = ReferenceConv.forward(x, n, c, h, w, weight, bias, f, k, stride, pad);
    try (NDManager m = Engine.getInstance().newBaseManager()) {
      NDArray out =
          Conv2d.conv2d(
                  m.create(floats(x), new Shape(n, c, h, w)),
                  m.create(floats(weight), new Shape(f, c, k, k)),
                  m.create(floats(bias)),
                  new Shape(stride, stride),
                  new Shape(pad, pad),
                  new Shape(1, 1),
                  1)
              .singletonOrThrow();
      assertThat(out.getShape()).isEqualTo(new Shape(n, f, 4, 3));
      float[] actual = out.toFloatArray();
      for (int i = 0; i < expected.length; i++) {
        assertThat((double) actual[i]).isCloseTo(expected[i], within(1e-4));
      }
    }
  }

  @Test
  void shouldRearrangeChannelsIntoPixelsLikeDepthToSpace() {
    try (NDManager m = Engine.getInstance().newBaseManager()) {
      // Given one image, 8 channels = 2 output channels x (2x2 sub-pixels), 1x2 spatial
      float[] in = new float[16];
      for (int i = 0; i < in.length; i++) {
        in[i] = i;
      }
      // When
      NDArray out = PixelShuffle.apply(m.create(in, new Shape(1, 8, 1, 2)), 2);
      // Then: output channel c, pixel (2y+dy, 2x+dx) = input channel c*4 + dy*2 + dx at (y, x)
      assertThat(out.getShape()).isEqualTo(new Shape(1, 2, 2, 4));
      assertThat(out.toFloatArray())
          .containsExactly(0, 2, 1, 3, 4, 6, 5, 7, 8, 10, 9, 11, 12, 14, 13, 15);
    }
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void shouldMapImagesToBoundedLatentsAndBackToUnitPixels(Architecture architecture) {
    ModelSpec spec = ModelSpec.emnist(architecture, 16);
    try (NDManager m = Engine.getInstance().newBaseManager()) {
      Block encoder = architecture.encoder(spec);
      Block decoder = architecture.decoder(spec);
      encoder.initialize(m, DataType.FLOAT32, new Shape(3, 1, 28, 28));
      decoder.initialize(m, DataType.FLOAT32, new Shape(3, 16));
      ParameterStore store = new ParameterStore(m, false);
      NDArray latent =
          encoder
              .forward(store, new NDList(m.randomUniform(0, 1, new Shape(3, 1, 28, 28))), false)
              .singletonOrThrow();
      NDArray image = decoder.forward(store, new NDList(latent), false).singletonOrThrow();
      assertThat(latent.getShape()).isEqualTo(new Shape(3, 16));
      assertThat(latent.abs().max().getFloat()).isLessThan(1f);
      assertThat(image.getShape()).isEqualTo(new Shape(3, 1, 28, 28));
      assertThat(image.min().getFloat()).isGreaterThanOrEqualTo(0f);
      assertThat(image.max().getFloat()).isLessThanOrEqualTo(1f);
    }
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void shouldMapRgbImagesToRgbImagesOfTheSameSize(Architecture architecture) {
    ModelSpec spec = new ModelSpec(architecture, 16, 12, 8, 3);
    try (NDManager m = Engine.getInstance().newBaseManager()) {
      Block encoder = architecture.encoder(spec);
      Block decoder = architecture.decoder(spec);
      encoder.initialize(m, DataType.FLOAT32, spec.inputShape(2));
      decoder.initialize(m, DataType.FLOAT32, new Shape(2, 8));
      ParameterStore store = new ParameterStore(m, false);
      NDArray latent =
          encoder
              .forward(store, new NDList(m.randomUniform(0, 1, spec.inputShape(2))), false)
              .singletonOrThrow();
      NDArray image = decoder.forward(store, new NDList(latent), false).singletonOrThrow();
      assertThat(image.getShape()).isEqualTo(new Shape(2, 3, 12, 16));
    }
  }

  private static double[] gaussians(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  private static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}
