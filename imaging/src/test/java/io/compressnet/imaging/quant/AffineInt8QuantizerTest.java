package io.compressnet.imaging.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AffineInt8QuantizerTest {

  @Test
  void shouldQuantizeToKnownCodes() {
    // Given dim 0 covering [-1, 1.55] in steps of 0.01 and dim 1 covering [0, 255]
    AffineInt8Quantizer q = new AffineInt8Quantizer(new float[] {-1f, 0f}, new float[] {0.01f, 1f});

    // When
    byte[] packed = q.pack(new float[] {0f, 254.4f});

    // Then
    assertThat(packed[0] & 0xFF).isEqualTo(100);
    assertThat(packed[1] & 0xFF).isEqualTo(254);
    assertThat(q.unpack(packed)).containsExactly(new float[] {0f, 254f}, within(1e-6f));
  }

  @Test
  void shouldCoarsenTheGridKeepingItsOrigin() {
    // Given dim 0 covering [-1, 1.55] in steps of 0.01 and dim 1 covering [0, 255]
    AffineInt8Quantizer fine =
        new AffineInt8Quantizer(new float[] {-1f, 0f}, new float[] {0.01f, 1f});

    // When the grid is made 4 times coarser
    AffineInt8Quantizer coarse = fine.coarser(4);

    // Then code q stands for the fine code 4q: 0 -> fine 100 / 4 = 25, 254.4 -> 63.6 -> 64
    assertThat(coarse.min()).containsExactly(-1f, 0f);
    assertThat(coarse.scale()).containsExactly(new float[] {0.04f, 4f}, within(1e-7f));
    byte[] packed = coarse.pack(new float[] {0f, 254.4f});
    assertThat(packed[0] & 0xFF).isEqualTo(25);
    assertThat(packed[1] & 0xFF).isEqualTo(64);
    assertThat(coarse.unpack(packed)).containsExactly(new float[] {0f, 256f}, within(1e-5f));
    // and values beyond the fine grid's top are no longer clamped to it
    assertThat(coarse.pack(new float[] {0f, 300f})[1] & 0xFF).isEqualTo(75);
    assertThat(fine.coarser(1).scale()).containsExactly(fine.scale());
  }

  @Test
  void shouldFitAGridOfTheGivenStepWithCode128OnTheMedian() {
    // Given dim 0 with values 0.00..1.00 (median 0.5) and dim 1 spanning 0..100, far wider than
    // 255 steps of 0.01
    float[][] latents = new float[101][];
    for (int i = 0; i <= 100; i++) {
      latents[i] = new float[] {i / 100f, i};
    }

    // When
    AffineInt8Quantizer q = AffineInt8Quantizer.fitStep(latents, 0.01f);

    // Then dim 0 has step 0.01 and code 128 at 0.5; dim 1 keeps the percentile fit
    assertThat(q.scale()[0]).isEqualTo(0.01f);
    assertThat(q.min()[0]).isCloseTo(0.5f - 1.28f, within(1e-6f));
    assertThat(q.pack(new float[] {0.5f, 50f})[0] & 0xFF).isEqualTo(128);
    AffineInt8Quantizer ranges = AffineInt8Quantizer.fit(latents, 0.1, 99.9);
    assertThat(q.scale()[1]).isEqualTo(ranges.scale()[1]);
    assertThat(q.min()[1]).isEqualTo(ranges.min()[1]);
  }

  @Test
  void shouldRefuseAStepMultiplierOutsideOneTo255() {
    AffineInt8Quantizer q = new AffineInt8Quantizer(new float[] {0f}, new float[] {1f});

    assertThatThrownBy(() -> q.coarser(0)).hasMessageContaining("1..255, got 0");
    assertThatThrownBy(() -> q.coarser(256)).hasMessageContaining("1..255, got 256");
  }

  @Test
  void shouldClampValuesOutsideTheRange() {
    AffineInt8Quantizer q =
        new AffineInt8Quantizer(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});

    byte[] packed = q.pack(new float[] {-5f, 1000f, Float.POSITIVE_INFINITY});

    assertThat(packed).containsExactly(0x00, 0xFF, 0xFF);
    assertThat(q.unpack(packed)).containsExactly(0f, 255f, 255f);
  }

  @Test
  void shouldKeepRoundTripErrorWithinHalfAStepInsideTheRange() {
    float[] min = {-3.2f, 0.0f, 10f};
    float[] scale = {0.025f, 0.001f, 0.5f};
    AffineInt8Quantizer q = new AffineInt8Quantizer(min, scale);
    Random random = new Random(1);
    for (int i = 0; i < 50_000; i++) {
      float[] latent = new float[3];
      for (int d = 0; d < 3; d++) {
        latent[d] = (float) (min[d] + random.nextDouble() * 255 * scale[d]);
      }
      float[] back = q.unpack(q.pack(latent));
      for (int d = 0; d < 3; d++) {
        // half a step, plus float rounding of the decoded value
        double bound = scale[d] / 2.0 + Math.ulp(Math.abs(latent[d]) + 255 * scale[d]);
        assertThat(Math.abs(back[d] - (double) latent[d])).isLessThanOrEqualTo(bound);
      }
    }
  }

  @Test
  void shouldFitPerDimensionRangeFromPercentiles() {
    // Given 101 samples: dim 0 = 0..100, dim 1 = 2 * (0..100) with one huge outlier
    float[][] latents = new float[101][2];
    for (int i = 0; i <= 100; i++) {
      latents[i][0] = i;
      latents[i][1] = 2 * i;
    }
    latents[100][1] = 1e6f;

    // When the 1st and 99th percentiles bound the range
    AffineInt8Quantizer q = AffineInt8Quantizer.fit(latents, 1.0, 99.0);

    // Then percentiles interpolate like NumPy: position p/100 * (n - 1) = 1 and 99
    assertThat(q.min()).containsExactly(new float[] {1f, 2f}, within(1e-6f));
    assertThat(q.scale()).containsExactly(new float[] {98f / 255, 196f / 255}, within(1e-6f));
    // and the outlier is clamped rather than stretching the range
    assertThat(q.unpack(q.pack(latents[100]))[1]).isCloseTo(198f, within(1e-3f));
  }

  @Test
  void shouldInterpolatePercentilesBetweenOrderStatistics() {
    double[] sorted = {10, 20, 30, 40};

    assertThat(AffineInt8Quantizer.percentile(sorted, 0)).isEqualTo(10);
    assertThat(AffineInt8Quantizer.percentile(sorted, 50)).isEqualTo(25);
    assertThat(AffineInt8Quantizer.percentile(sorted, 100)).isEqualTo(40);
    assertThat(AffineInt8Quantizer.percentile(sorted, 10)).isCloseTo(13, within(1e-12));
  }

  @Test
  void shouldReproduceAConstantDimensionExactly() {
    float[][] latents = {{0.75f}, {0.75f}, {0.75f}};

    AffineInt8Quantizer q = AffineInt8Quantizer.fit(latents, 0.1, 99.9);

    assertThat(q.scale()[0]).isEqualTo(1f / 255);
    assertThat(q.unpack(q.pack(new float[] {0.75f}))).containsExactly(0.75f);
  }

  @Test
  void shouldNotExposeItsArraysForMutation() {
    float[] min = {0f};
    AffineInt8Quantizer q = new AffineInt8Quantizer(min, new float[] {1f});

    min[0] = 5f;
    q.min()[0] = 7f;

    assertThat(q.min()).containsExactly(0f);
    assertThat(q).isEqualTo(new AffineInt8Quantizer(new float[] {0f}, new float[] {1f}));
  }

  @Test
  void shouldRejectBadInputWithClearMessages() {
    AffineInt8Quantizer q = new AffineInt8Quantizer(new float[32], filled(32, 0.1f));

    assertThatThrownBy(() -> q.unpack(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 32 latent bytes for INT8 with 32 dims, got 31");
    assertThatThrownBy(() -> q.pack(new float[33]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 32 latent values, got 33");
    float[] withNan = new float[32];
    withNan[3] = Float.NaN;
    assertThatThrownBy(() -> q.pack(withNan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latent[3] is NaN");
    assertThatThrownBy(() -> new AffineInt8Quantizer(new float[] {0f}, new float[] {0f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scale[0] must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> new AffineInt8Quantizer(new float[2], new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("min has 2 dims but scale has 3");
    assertThatThrownBy(() -> AffineInt8Quantizer.fit(new float[][] {{1f}}, 50, 50))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AffineInt8Quantizer.fit(new float[][] {{1f, 2f}, {1f}}, 1, 99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("training latent 1 has 1 dims, expected 2");
  }

  private static float[] filled(int n, float value) {
    float[] out = new float[n];
    java.util.Arrays.fill(out, value);
    return out;
  }
}
