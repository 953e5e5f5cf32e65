package io.compressnet.bench.rd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.compressnet.bench.pipeline.Stats;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.AffineInt8Quantizer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatentMathTest {

  @Test
  void shouldMatchTheWireInt8QuantizerExactlyAtStepOne() {
    AffineInt8Quantizer int8 =
        new AffineInt8Quantizer(new float[] {-1f, 0f, 2f}, new float[] {0.01f, 0.02f, 0.003f});
    SteppedQuantizer stepped = new SteppedQuantizer(int8, 1);
    Random random = new Random(9);
    for (int i = 0; i < 10_000; i++) {
      float[] latent = {
        (float) random.nextGaussian() * 2, (float) random.nextGaussian() * 3, random.nextFloat() * 3
      };
      byte[] wire = int8.pack(latent);
      int[] codes = stepped.quantize(latent);

      for (int d = 0; d < 3; d++) {
        assertThat(codes[d]).isEqualTo(wire[d] & 0xFF);
      }
      assertThat(stepped.dequantize(codes)).containsExactly(int8.unpack(wire));
    }
  }

  @Test
  void shouldCoarsenTheGridByTheStep() {
    AffineInt8Quantizer int8 = new AffineInt8Quantizer(new float[] {0f}, new float[] {1f});
    SteppedQuantizer step4 = new SteppedQuantizer(int8, 4);

    assertThat(step4.symbols()).isEqualTo(64);
    assertThat(step4.quantize(new float[] {9f})).containsExactly(2); // 9 / 4 = 2.25
    assertThat(step4.quantize(new float[] {10f})).containsExactly(2); // rint(2.5) = 2
    assertThat(step4.quantize(new float[] {1000f})).containsExactly(63);
    assertThat(step4.quantize(new float[] {-5f})).containsExactly(0);
    assertThat(step4.dequantize(new int[] {63})).containsExactly(252f);
  }

  @Test
  void shouldTakeTheMedianChunkRate() {
    assertThat(Stats.median(new double[] {5, 1, 100, 3, 4})).isEqualTo(4);
    assertThat(Stats.median(new double[] {1, 2, 3, 10})).isEqualTo(2.5);
    assertThat(Rates.serial(100, 100)).isEqualTo(50);
    assertThat(Rates.chunkOf(0, 10)).isZero();
    assertThat(Rates.chunkOf(9, 10)).isEqualTo(Rates.CHUNKS - 1);
  }

  @Test
  void shouldDiagonalizeASymmetricMatrix() {
    // Eigenvalues of [[2,1,0],[1,2,0],[0,0,5]] are 5, 3, 1.
    double[][] vectors = new double[3][];
    double[] values = Pca.eigen(new double[][] {{2, 1, 0}, {1, 2, 0}, {0, 0, 5}}, vectors);

    assertThat(values).containsExactly(new double[] {5, 3, 1}, within(1e-12));
    double s = Math.sqrt(0.5);
    assertThat(Math.abs(vectors[0][1])).isCloseTo(s, within(1e-12));
    assertThat(Math.abs(vectors[1][1])).isCloseTo(s, within(1e-12));
    assertThat(Math.abs(vectors[2][0])).isCloseTo(1, within(1e-12));
  }

  @Test
  void shouldFindThePrincipalDirectionsOfImagesMadeFromTwoPatterns() {
    // 2x2 images: x = 128 + a * (1, 1, 0, 0) * 40 + b * (0, 0, 1, -1) * 10, a, b ~ N(0, 1).
    Random random = new Random(4);
    byte[][] images = new byte[4000][];
    for (int i = 0; i < images.length; i++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      images[i] =
          new byte[] {
            (byte) Math.round(128 + 40 * a),
            (byte) Math.round(128 + 40 * a),
            (byte) Math.round(128 + 10 * b),
            (byte) Math.round(128 - 10 * b)
          };
    }
    ImageSet set = new ImageSet(images, 2, 2);

    Pca pca = Pca.fit(set, 2);

    double[] v = pca.variances();
    // Variance along (1,1,0,0)/sqrt2 is 2 * (40/255)^2, along (0,0,1,-1)/sqrt2 2 * (10/255)^2.
    assertThat(v[0]).isCloseTo(2 * Math.pow(40 / 255.0, 2), within(0.005));
    assertThat(v[1]).isCloseTo(2 * Math.pow(10 / 255.0, 2), within(0.0005));
    byte[] back = pca.reconstruct(pca.project(images[7], 2));
    for (int i = 0; i < 4; i++) {
      assertThat(back[i] & 0xFF).isCloseTo(images[7][i] & 0xFF, within(2));
    }
  }
}
