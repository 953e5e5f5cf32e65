package io.compressnet.trainer;

import ai.djl.ndarray.NDManager;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.codec.model.ModelSpec;
import java.nio.file.Path;

/**
 * Existing bundles' weights a run starts from instead of its fresh initialization ({@code
 * initFrom}, {@code decoderFrom}); separate because it is set-up, done once before the first epoch.
 */
final class WarmStart {
  private final TrainOptions options;
  private final ModelSpec spec;
  private final TrainingListener listener;

  WarmStart(TrainOptions options, ModelSpec spec, TrainingListener listener) {
    this.options = options;
    this.spec = spec;
    this.listener = listener;
  }

  /** Loads whichever starting weights the options name into the initialized network. */
  void apply(Autoencoder autoencoder, NDManager manager) {
    if (options.initFrom() != null) {
      startFrom(options.initFrom(), autoencoder, manager);
    }
    if (options.decoderFrom() != null) {
      takeDecoder(options.decoderFrom(), autoencoder, manager);
    }
  }

  /**
   * Copies a bundle's weights into the network being trained, value by value: the trainer's
   * parameter store and the optimizer hold the existing arrays, so replacing them (as {@code
   * loadParameters} does) would leave training on the fresh initialization.
   */
  private void startFrom(Path bundleDir, Autoencoder autoencoder, NDManager manager) {
    ModelBundle start = ModelBundle.load(bundleDir);
    ModelSpec theirs = start.spec();
    boolean wider = isWiderLatentOf(theirs);
    if (!theirs.equals(spec) && !wider) {
      throw new IllegalArgumentException(
          "cannot start from "
              + start.modelId()
              + ": it is "
              + theirs
              + ", this run is "
              + spec
              + " (a run may differ from its start only by a wider latent)");
    }
    try (NDManager scratch = manager.newSubManager()) {
      // Same shapes copy value for value; a wider latent fills the leading slices.
      LatentWidening.copyInto(start.newEncoderBlock(scratch), autoencoder.encoder(), false);
      LatentWidening.copyInto(start.newDecoderBlock(scratch), autoencoder.decoder(), true);
    }
    listener.message(
        wider
            ? String.format(
                "starting from the weights of %s, its latent widened from %d to %d dims (the"
                    + " decoder's new inputs start at zero, so the run starts from its"
                    + " reconstructions)",
                start.modelId(), theirs.latentDims(), spec.latentDims())
            : "starting from the weights of " + start.modelId());
  }

  /** Whether {@code theirs} is this run's design, size and colour with fewer latent dims. */
  private boolean isWiderLatentOf(ModelSpec theirs) {
    return theirs.latentDims() < spec.latentDims()
        && theirs.architecture() == spec.architecture()
        && theirs.width() == spec.width()
        && theirs.height() == spec.height()
        && theirs.channels() == spec.channels();
  }

  /**
   * Copies a bundle's decoder into the network and freezes it: its weights get no gradient, so the
   * optimizer leaves them as they are and only the encoder learns.
   */
  private void takeDecoder(Path bundleDir, Autoencoder autoencoder, NDManager manager) {
    ModelBundle source = ModelBundle.load(bundleDir);
    ModelSpec theirs = source.spec();
    if (!sameDecoder(theirs)) {
      throw new IllegalArgumentException(
          "cannot take the decoder of "
              + source.modelId()
              + ": it is "
              + theirs
              + ", this run needs the decoder of "
              + spec);
    }
    try (NDManager scratch = manager.newSubManager()) {
      LatentWidening.copyInto(source.newDecoderBlock(scratch), autoencoder.decoder(), true);
    }
    autoencoder.decoder().freezeParameters(true);
    listener.message("training the encoder only, for the fixed decoder of " + source.modelId());
  }

  /** Whether a network of spec {@code theirs} has exactly the decoder this run builds. */
  private boolean sameDecoder(ModelSpec theirs) {
    return theirs.architecture().decoderDesign() == spec.architecture().decoderDesign()
        && theirs.width() == spec.width()
        && theirs.height() == spec.height()
        && theirs.latentDims() == spec.latentDims()
        && theirs.channels() == spec.channels();
  }
}
