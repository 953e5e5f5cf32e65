package io.compressnet.trainer;

/**
 * Teaching the encoder the latents refinement finds: before training, every training image is
 * refined by {@code steps} gradient steps through the teacher's decoder (the codec's {@code
 * LatentRefiner}, as an encoder service with refinement runs it), and the loss gains {@code weight}
 * times the mean squared distance between the encoder's clean latent and that refined latent.
 *
 * @param steps refinement steps per training image (0 = no distillation)
 * @param weight weight of the latent term against the pixel MSE
 */
public record Distillation(int steps, float weight) {

  /** No distillation. */
  public static final Distillation NONE = new Distillation(0, 0f);

  public Distillation {
    if (steps < 0) {
      throw new IllegalArgumentException("distillation steps must be >= 0, got " + steps);
    }
    if (steps > 0 && !(weight > 0 && Float.isFinite(weight))) {
      throw new IllegalArgumentException("distillation weight must be > 0, got " + weight);
    }
  }

  public boolean enabled() {
    return steps > 0;
  }
}
