package io.compressnet.codec.inference;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.compressnet.codec.bundle.BundleManifest;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.codec.model.ModelSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Randomly initialised (untrained) bundles of the real architectures, for tests and benchmarks of
 * the plumbing around a model, where the quality of the reconstruction does not matter. Each call
 * draws new weights, so two bundles get different model ids.
 */
public final class UntrainedBundles {

  private UntrainedBundles() {}

  /**
   * Writes an untrained EMNIST-sized (28×28) bundle to {@code dir} and returns it loaded.
   *
   * @param name readable model name (the id is {@code name@<hash>})
   * @param dims latent dimensions
   * @param encoding the bundle's default latent encoding
   */
  public static ModelBundle create(Path dir, String name, int dims, String encoding) {
    return create(dir, name, ModelSpec.emnist(Architecture.PIXEL_SHUFFLE, dims), encoding);
  }

  /** Writes an untrained bundle of any spec (size, channels, design) and returns it loaded. */
  public static ModelBundle create(Path dir, String name, ModelSpec spec, String encoding) {
    int dims = spec.latentDims();
    float[] min = new float[dims];
    float[] scale = new float[dims];
    // tanh bounds the latent to (-1, 1): spread the 256 INT8 steps over that range.
    Arrays.fill(min, -1f);
    Arrays.fill(scale, 2f / 255f);
    BundleManifest draft =
        new BundleManifest(
            BundleManifest.CURRENT_FORMAT_VERSION,
            name,
            spec.architecture().shortName(),
            spec.width(),
            spec.height(),
            dims,
            BundleManifest.channelsField(spec.channels()),
            encoding,
            new BundleManifest.Quantization(min, scale),
            Map.of("name", "untrained"),
            Map.of(),
            null,
            null);
    try (NDManager manager = NDManager.newBaseManager()) {
      Autoencoder autoencoder = new Autoencoder(spec, 0f);
      autoencoder.initialize(manager, DataType.FLOAT32, spec.inputShape(1));
      return ModelBundle.save(dir, draft, autoencoder.encoder(), autoencoder.decoder());
    }
  }
}
