package io.compressnet.cli;

import io.compressnet.codec.inference.Refinement;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --refine-steps} / {@code --refine-rate}: encoder refinement for the commands that score
 * latents ({@code evaluate}, {@code bench rd}); see docs/refinement.md.
 */
final class RefinementOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--refine-steps",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Also score latents refined by N gradient steps each through the decoder, as an"
              + " encoder with COMPRESSNET_ENCODER_REFINE_STEPS=N sends them (much slower to"
              + " encode). 0 = off. Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(
      names = "--refine-rate",
      defaultValue = "" + Refinement.DEFAULT_STEP_SIZE,
      paramLabel = "R",
      description = "Step size of the refinement in latent units. Default: ${DEFAULT-VALUE}.")
  float rate;

  /** The refinement asked for; a bad value is a usage error (exit code 2) naming the command. */
  Refinement refinement() {
    try {
      return new Refinement(steps, rate);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          mixee.commandLine(), mixee.qualifiedName() + ": " + e.getMessage());
    }
  }
}
