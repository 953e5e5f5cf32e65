package io.compressnet.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.EntropyTableFit;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.AffineInt8Quantizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * What is fitted on the trained network's latents: the INT8 grid and the entropy tables; separate
 * from the epoch loop because these are passes over training images once training is over.
 */
final class LatentFits {
  private static final int FIT_IMAGES = 20_000;
  private static final double QUANTIZER_LOW_PERCENTILE = 0.05;
  private static final double QUANTIZER_HIGH_PERCENTILE = 99.95;

  private final TrainOptions options;
  private final TrainingListener listener;
  private final TrainingData data;
  private final ModelSpec spec;

  LatentFits(TrainOptions options, TrainingListener listener, TrainingData data, ModelSpec spec) {
    this.options = options;
    this.listener = listener;
    this.data = data;
    this.spec = spec;
  }

  /**
   * Fits the INT8 grid on the trained encoder's latents. These come from the training block, not
   * from the services' {@code BatchEncoder}: that one is built from a bundle, and a bundle does not
   * load without the grid this fit makes ({@code ModelBundle.load} refuses a manifest without one).
   * The entropy tables, fitted once the bundle exists, do go through {@code BatchEncoder} ({@link
   * EntropyTableFit}).
   */
  AffineInt8Quantizer fitQuantizer(Block encoder, NDManager manager) {
    float[][] latents = latents(encoder, manager);
    return options.rateTrained()
        ? AffineInt8Quantizer.fitStep(latents, options.latentNoise())
        : AffineInt8Quantizer.fit(latents, QUANTIZER_LOW_PERCENTILE, QUANTIZER_HIGH_PERCENTILE);
  }

  /** The encoder's latent of each of the first {@value #FIT_IMAGES} training images. */
  private float[][] latents(Block encoder, NDManager manager) {
    byte[][] images = data.trainImages();
    int count = Math.min(FIT_IMAGES, images.length);
    float[][] latents = new float[count][];
    ParameterStore store = new ParameterStore(manager, false);
    for (int from = 0; from < count; from += Training.EVAL_BATCH) {
      int to = Math.min(count, from + Training.EVAL_BATCH);
      try (NDManager batch = manager.newSubManager()) {
        NDArray x =
            batch.create(
                ImageSet.toUnitFloats(images, from, to, spec.pixels(), spec.channels()),
                spec.inputShape(to - from));
        float[] flat =
            encoder.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
        for (int i = from; i < to; i++) {
          latents[i] = new float[spec.latentDims()];
          System.arraycopy(flat, (i - from) * spec.latentDims(), latents[i], 0, spec.latentDims());
        }
      }
    }
    return latents;
  }

  /** Fits the entropy tables on the same training images and writes them into the bundle. */
  ModelBundle fitTables(ModelBundle bundle) {
    byte[][] images = data.trainImages();
    byte[][] fitOn = Arrays.copyOf(images, Math.min(FIT_IMAGES, images.length));
    EntropyTableFit.Result tables =
        EntropyTableFit.fitAndWrite(
            bundle,
            new ImageSet(fitOn, spec.width(), spec.height(), spec.channels()),
            bundle.directory());
    listener.message(
        String.format(
            Locale.ROOT,
            "entropy tables fitted on %d training images: %.2f B per latent as INT8_RANGE",
            tables.images(),
            tables.meanMessageBytes()));
    return tables.bundle();
  }
}
