package io.compressnet.imaging.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StaticLatentModelTest {

  /** Latents whose dim d is roughly Gaussian around 128 with spread 2 + 3d. */
  private static int[][] latents(Random random, int n, int dims) {
    int[][] out = new int[n][dims];
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < dims; d++) {
        int v = (int) Math.round(128 + random.nextGaussian() * (2 + 3 * d));
        out[i][d] = Math.max(0, Math.min(255, v));
      }
    }
    return out;
  }

  @Test
  void shouldRoundTripEveryLatentAndBeatOneBytePerDimOnPeakedData() {
    StaticLatentModel model = StaticLatentModel.fit(latents(new Random(1), 20_000, 8), 8, 256);
    int[][] evaluated = latents(new Random(2), 2000, 8);
    long bytes = 0;
    double idealBits = 0;

    for (int[] latent : evaluated) {
      byte[] message = model.encode(latent);
      bytes += message.length;
      idealBits += model.idealBits(latent);
      assertThat(model.decode(message)).containsExactly(latent);
    }

    double meanBytes = (double) bytes / evaluated.length;
    double idealBytes = idealBits / 8 / evaluated.length;
    // Spreads 2..23 have entropies of about 3.0..6.6 bits: ~4.8 bytes ideal for 8 dims.
    assertThat(idealBytes).isBetween(4.0, 5.5);
    // Per-message termination costs under one byte on average.
    assertThat(meanBytes).isBetween(idealBytes, idealBytes + 1.0);
    assertThat(model.tableBytes()).isEqualTo(8 * 256 * 2);
  }

  @Test
  void shouldRefuseLatentsOfTheWrongShape() {
    StaticLatentModel model = StaticLatentModel.fit(new int[][] {{1, 2}, {3, 4}}, 2, 16);

    assertThatThrownBy(() -> model.encode(new int[] {1})).hasMessageContaining("1 dims");
    assertThatThrownBy(() -> model.encode(new int[] {1, 16})).hasMessageContaining("outside");
    assertThatThrownBy(() -> StaticLatentModel.fit(new int[][] {{1}}, 2, 16))
        .hasMessageContaining("expected 2");
  }
}
