package io.compressnet.codec.inference;

/**
 * How hard the encoder works on each latent: after the encoder network's one-shot guess, {@code
 * steps} Adam steps of size {@code rate} move the latent to lower the decoder's reconstruction
 * error of that very image. The encoder network is trained to guess well on average ("amortized");
 * the steps close the gap for the image at hand. The decoder and the wire format are unchanged, so
 * any decoder of the bundle reads refined latents.
 *
 * <p>Costs one decoder forward and backward pass per step and image, so it trades encoder
 * throughput for quality, like a classical codec's effort setting.
 *
 * @param steps Adam steps per image; 0 turns refinement off
 * @param rate Adam step size in latent units (the latent lies in (−1, 1))
 */
public record Refinement(int steps, float rate) {

  /** Default step size (a compile-time constant, so NONE below may use it). */
  public static final float DEFAULT_STEP_SIZE = 0.01f;

  /** No refinement: the encoder network's output is the latent. */
  public static final Refinement NONE = new Refinement(0, DEFAULT_STEP_SIZE);

  public Refinement {
    if (steps < 0) {
      throw new IllegalArgumentException("refinement steps must be >= 0, was " + steps);
    }
    if (!(rate > 0) || !Float.isFinite(rate)) {
      throw new IllegalArgumentException("refinement rate must be finite and > 0, was " + rate);
    }
  }

  /** {@code steps} steps at the default rate. */
  public static Refinement ofSteps(int steps) {
    return new Refinement(steps, DEFAULT_STEP_SIZE);
  }

  public boolean enabled() {
    return steps > 0;
  }

  /** E.g. {@code "4 steps of 0.01"}, {@code "1 step of 0.01"}. */
  public String describe() {
    return String.format(
        java.util.Locale.ROOT, "%d %s of %s", steps, steps == 1 ? "step" : "steps", rate);
  }
}
