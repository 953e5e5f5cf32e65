package io.compressnet.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class LatentWideningTest {

  private static final Shape INPUT = new Shape(3, 4);

  @Test
  void shouldKeepTheReconstructionWhenTheLatentGetsWider() {
    try (NDManager manager = Engine.getInstance().newBaseManager()) {
      // Given a trained 2-dim encoder/decoder pair and a fresh 3-dim pair
      Block encoder = encoder(manager, 2);
      Block decoder = decoder(manager, 2);
      Block wideEncoder = encoder(manager, 3);
      Block wideDecoder = decoder(manager, 3);
      NDArray x = manager.randomUniform(0, 1, INPUT);
      float[] before = run(manager, encoder, decoder, x);

      // When the wide pair starts from the trained one
      LatentWidening.copyInto(encoder, wideEncoder, false);
      LatentWidening.copyInto(decoder, wideDecoder, true);

      // Then it reconstructs exactly as before, its first two latents are the trained ones, and
      // the new latent is not stuck at zero
      assertThat(run(manager, wideEncoder, wideDecoder, x)).containsExactly(before, within(1e-6f));
      float[] latent = forward(manager, encoder, x);
      float[] wideLatent = forward(manager, wideEncoder, x);
      for (int row = 0; row < 3; row++) {
        assertThat(wideLatent[row * 3]).isCloseTo(latent[row * 2], within(1e-6f));
        assertThat(wideLatent[row * 3 + 1]).isCloseTo(latent[row * 2 + 1], within(1e-6f));
      }
      assertThat(wideLatent[2] != 0 || wideLatent[5] != 0 || wideLatent[8] != 0).isTrue();
    }
  }

  @Test
  void shouldRefuseANarrowerLatent() {
    try (NDManager manager = Engine.getInstance().newBaseManager()) {
      // Given a 3-dim trained decoder and a 2-dim fresh one
      Block wide = decoder(manager, 3);
      Block narrow = decoder(manager, 2);

      // When / Then
      assertThatThrownBy(() -> LatentWidening.copyInto(wide, narrow, true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not one axis larger");
    }
  }

  private static Block encoder(NDManager manager, int latentDims) {
    Block block =
        new SequentialBlock()
            .add(Linear.builder().setUnits(5).build())
            .add(Activation.reluBlock())
            .add(Linear.builder().setUnits(latentDims).build())
            .add(Activation.tanhBlock());
    block.initialize(manager, DataType.FLOAT32, INPUT);
    return block;
  }

  private static Block decoder(NDManager manager, int latentDims) {
    Block block =
        new SequentialBlock()
            .add(Linear.builder().setUnits(6).build())
            .add(Activation.reluBlock())
            .add(Linear.builder().setUnits(4).build());
    block.initialize(manager, DataType.FLOAT32, new Shape(3, latentDims));
    return block;
  }

  private static float[] run(NDManager manager, Block encoder, Block decoder, NDArray x) {
    ParameterStore store = new ParameterStore(manager, false);
    NDArray latent = encoder.forward(store, new NDList(x), false).singletonOrThrow();
    return decoder.forward(store, new NDList(latent), false).singletonOrThrow().toFloatArray();
  }

  private static float[] forward(NDManager manager, Block block, NDArray x) {
    ParameterStore store = new ParameterStore(manager, false);
    return block.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
  }
}
