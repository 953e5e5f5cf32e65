package io.compressnet.codec.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class LatentPriorTest {

  @Test
  void shouldGiveTheBitsOfEachLatentsRoundingCellUnderTheMixture() {
    // Given the initial prior (components at -0.2, 0 and 0.2, scale 0.1, equal weights) on two
    // dims, cells of width 0.1
    float step = 0.1f;
    float[][] latents = {{0f, 0.3f}, {-0.25f, 1f}};
    try (NDManager manager = Engine.getInstance().newBaseManager()) {
      LatentPrior prior = new LatentPrior(2, step);
      prior.initialize(manager, DataType.FLOAT32, new Shape(2, 2));

      // When
      float[] bits =
          prior
              .forward(
                  new ParameterStore(manager, false),
                  new NDList(manager.create(latents[0]).stack(manager.create(latents[1]))),
                  false)
              .singletonOrThrow()
              .toFloatArray();

      // Then each latent's bits are the sum over dims of -log2 of its cell's mixture mass
      for (int i = 0; i < latents.length; i++) {
        double expected = 0;
        for (float y : latents[i]) {
          expected -= log2(cellMass(y, step));
        }
        assertThat((double) bits[i]).isCloseTo(expected, within(2e-5 * expected));
      }
    }
  }

  @Test
  void shouldRefuseARateTermWithoutNoise() {
    assertThatThrownBy(() -> new LatentPrior(4, 0f)).hasMessageContaining("latent noise above 0");
  }

  /** Plain-Java reference: the cell [y - step/2, y + step/2] under the initial mixture. */
  private static double cellMass(double y, double step) {
    double[] locations = {-0.2, 0, 0.2};
    double mass = 0;
    for (double loc : locations) {
      mass += (sigmoid((y + step / 2 - loc) / 0.1) - sigmoid((y - step / 2 - loc) / 0.1)) / 3;
    }
    return Math.max(mass, 1e-9);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
