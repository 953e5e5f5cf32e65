package io.compressnet.codec.inference;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.data.ImageSet;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.codec.quant.Encoding;
import io.compressnet.codec.quant.LatentPacker;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes batches of packed latents into 8-bit grayscale images with one model bundle.
 *
 * <p><b>Not thread-safe</b>: it holds a DJL {@link Predictor}, which must not be used by two
 * threads at once. Use one instance per stream thread (or per Kafka Streams task). The native
 * arrays of a call live in a per-call sub-manager freed when the call returns. {@link #close()}
 * frees the model's weights.
 *
 * <p>Like {@link BatchEncoder}, every forward pass has exactly {@link #passSize()} rows
 * (zero-padded), so an image decodes bit-identically whatever batch it shares.
 */
public final class BatchDecoder implements AutoCloseable {

  private final ModelBundle bundle;
  private final ModelSpec spec;
  private final Map<Encoding, LatentPacker> packers = new EnumMap<>(Encoding.class);
  private final Model model;
  private final Predictor<FloatTensorTranslator.Tensor, float[]> predictor;
  private final int passSize;

  /** Loads the bundle's decoder weights; {@link BatchEncoder#DEFAULT_PASS_SIZE} rows per pass. */
  public BatchDecoder(ModelBundle bundle) {
    this(bundle, BatchEncoder.DEFAULT_PASS_SIZE);
  }

  /** Loads the bundle's decoder weights; {@code passSize} rows per forward pass. */
  public BatchDecoder(ModelBundle bundle, int passSize) {
    if (passSize < 1) {
      throw new IllegalArgumentException("passSize must be >= 1, was " + passSize);
    }
    this.passSize = passSize;
    this.bundle = Objects.requireNonNull(bundle, "bundle");
    this.spec = bundle.spec();
    Model created = Model.newInstance("decoder:" + bundle.modelId());
    try {
      created.setBlock(bundle.newDecoderBlock(created.getNDManager()));
      this.predictor = created.newPredictor(new FloatTensorTranslator());
    } catch (RuntimeException e) {
      created.close();
      throw e;
    }
    this.model = created;
  }

  public ModelBundle bundle() {
    return bundle;
  }

  /** Rows of every forward pass. */
  public int passSize() {
    return passSize;
  }

  /** Bytes a packed latent of this model takes in {@code encoding}. */
  public int bytesPerLatent(Encoding encoding) {
    return packer(encoding).bytesPerImage();
  }

  /**
   * Decodes the latents in one forward pass.
   *
   * @param packedLatents latents packed by this model's packer for {@code encoding}
   * @return one image per latent, row-major 8-bit pixels ({@code width * height} bytes), in order
   * @throws IllegalArgumentException if a latent has the wrong length for the model and encoding
   * @throws InferenceException if the network fails
   */
  public byte[][] decode(List<byte[]> packedLatents, Encoding encoding) {
    int n = packedLatents.size();
    if (n == 0) {
      return new byte[0][];
    }
    LatentPacker packer = packer(encoding);
    int dims = spec.latentDims();
    byte[][] latents = new byte[n][];
    for (int i = 0; i < n; i++) {
      byte[] packed = packedLatents.get(i);
      if (packed == null || packed.length != packer.bytesPerImage()) {
        throw new IllegalArgumentException(
            String.format(
                "latent %d has %d bytes; model %s with %s takes %d",
                i,
                packed == null ? 0 : packed.length,
                bundle.modelId(),
                encoding,
                packer.bytesPerImage()));
      }
      latents[i] = packed;
    }
    int pixels = spec.pixels();
    byte[][] images = new byte[n][];
    Shape shape = new Shape(passSize, dims);
    for (int from = 0; from < n; from += passSize) {
      int rows = Math.min(passSize, n - from);
      float[] input = new float[passSize * dims]; // rows after the real ones stay zero
      for (int i = 0; i < rows; i++) {
        System.arraycopy(packer.unpack(latents[from + i]), 0, input, i * dims, dims);
      }
      float[] output = run(new FloatTensorTranslator.Tensor(input, shape));
      if (output.length != passSize * pixels) {
        throw new InferenceException(
            String.format(
                "decoder of %s returned %d values for %d images of %d pixels",
                bundle.modelId(), output.length, passSize, pixels));
      }
      for (int i = 0; i < rows; i++) {
        images[from + i] = ImageSet.toPixels(output, i * pixels, pixels);
      }
    }
    return images;
  }

  private LatentPacker packer(Encoding encoding) {
    return packers.computeIfAbsent(Objects.requireNonNull(encoding, "encoding"), bundle::packer);
  }

  private float[] run(FloatTensorTranslator.Tensor input) {
    try {
      return predictor.predict(input);
    } catch (TranslateException | RuntimeException e) {
      throw new InferenceException("decoder of " + bundle.modelId() + " failed: " + e, e);
    }
  }

  /** Native arrays owned by this decoder right now (its weights); for leak tests. */
  int liveArrays() {
    return ((BaseNDManager) model.getNDManager()).getManagedArrays().size();
  }

  @Override
  public void close() {
    try {
      predictor.close();
    } finally {
      model.close();
    }
  }
}
