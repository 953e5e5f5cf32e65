package io.compressnet.codec.inference;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.entropy.CorruptLatentException;
import io.compressnet.imaging.entropy.Int8RangeCoder;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.imaging.quant.LatentPacker;
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
 * <p>Like {@link BatchEncoder}, forward passes have {@link #passSize()} rows (zero-padded), or a
 * smaller size for a short remainder where that was checked to give the same bits (see {@link
 * PassPlan}), so an image decodes bit-identically whatever batch it shares.
 */
public final class BatchDecoder implements AutoCloseable {

  private final ModelBundle bundle;
  private final ModelSpec spec;
  private final Map<Encoding, LatentPacker> packers = new EnumMap<>(Encoding.class);
  private final Model model;
  private final Predictor<FloatTensorTranslator.Tensor, float[]> predictor;
  private final PassPlan plan;

  /** Loads the bundle's decoder weights; {@link BatchEncoder#DEFAULT_PASS_SIZE} rows per pass. */
  public BatchDecoder(ModelBundle bundle) {
    this(bundle, BatchEncoder.DEFAULT_PASS_SIZE);
  }

  /** Loads the bundle's decoder weights; {@code passSize} rows per forward pass. */
  public BatchDecoder(ModelBundle bundle, int passSize) {
    if (passSize < 1) {
      throw new IllegalArgumentException("passSize must be >= 1, was " + passSize);
    }
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
    this.plan = PassPlan.checkedOrClose(passSize, spec.latentDims(), this::forward, this);
  }

  public ModelBundle bundle() {
    return bundle;
  }

  /** Rows of a full forward pass. */
  public int passSize() {
    return plan.passSize();
  }

  /** Rows of the pass for a short remainder: {@link #passSize()} unless a smaller one is safe. */
  public int smallPassSize() {
    return plan.smallSize();
  }

  /** Bytes a packed latent of this model takes in {@code encoding}. */
  public int bytesPerLatent(Encoding encoding) {
    return packer(encoding).bytesPerImage();
  }

  /**
   * Decodes the latents in one forward pass.
   *
   * @param packedLatents latents packed by this model's packer for {@code encoding} (for {@link
   *     Encoding#INT8_RANGE}: coded by the bundle's {@link Int8RangeCoder})
   * @return one image per latent, row-major 8-bit pixels ({@code width * height} bytes), in order
   * @throws IllegalArgumentException if a latent has the wrong length for the model and encoding
   * @throws CorruptLatentException if a coded latent is truncated or corrupted
   * @throws InferenceException if the network fails
   */
  public byte[][] decode(List<byte[]> packedLatents, Encoding encoding) {
    int n = packedLatents.size();
    if (n == 0) {
      return new byte[0][];
    }
    boolean coded = encoding == Encoding.INT8_RANGE;
    Int8RangeCoder coder = coded ? bundle.requireRangeCoder() : null;
    LatentPacker packer = packer(coded ? Encoding.INT8 : encoding);
    float[][] latents = new float[n][];
    for (int i = 0; i < n; i++) {
      byte[] packed = packedLatents.get(i);
      if (coded && packed != null) {
        try {
          packed = coder.decode(packed);
        } catch (CorruptLatentException e) {
          throw new CorruptLatentException("latent " + i + ": " + e.getMessage(), e);
        }
      }
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
      latents[i] = packer.unpack(packed);
    }
    return decodePasses(latents);
  }

  /**
   * Decodes latents held as floats, never packed: the same padded forward passes as {@link
   * #decode}, so a caller that keeps latents in memory, such as the trainer's whole-autoencoder
   * figure, runs the services' inference and not a second copy of it.
   *
   * @param latents one latent of {@code latentDims} values per image
   * @return one image per latent, row-major 8-bit pixels, in order
   * @throws IllegalArgumentException if a latent has the wrong number of values
   * @throws InferenceException if the network fails
   */
  public byte[][] decodeFloats(List<float[]> latents) {
    int dims = spec.latentDims();
    float[][] rows = new float[latents.size()][];
    for (int i = 0; i < rows.length; i++) {
      float[] latent = latents.get(i);
      if (latent == null || latent.length != dims) {
        throw new IllegalArgumentException(
            String.format(
                "latent %d has %d values; model %s has %d dims",
                i, latent == null ? 0 : latent.length, bundle.modelId(), dims));
      }
      rows[i] = latent;
    }
    return decodePasses(rows);
  }

  /** The network over checked float latents, in padded passes of the plan's sizes. */
  private byte[][] decodePasses(float[][] latents) {
    int n = latents.length;
    int dims = spec.latentDims();
    int values = spec.values();
    byte[][] images = new byte[n][];
    for (int from = 0; from < n; ) {
      int pass = plan.sizeFor(n - from);
      int rows = Math.min(pass, n - from);
      float[] input = new float[pass * dims]; // rows after the real ones stay zero
      for (int i = 0; i < rows; i++) {
        System.arraycopy(latents[from + i], 0, input, i * dims, dims);
      }
      float[] output = forward(input, pass);
      for (int i = 0; i < rows; i++) {
        images[from + i] = ImageSet.toPixels(output, i * values, spec.pixels(), spec.channels());
      }
      from += rows;
    }
    return images;
  }

  private LatentPacker packer(Encoding encoding) {
    return packers.computeIfAbsent(Objects.requireNonNull(encoding, "encoding"), bundle::packer);
  }

  /** One pass of {@code rows} latents; checks it returned one image per row. */
  private float[] forward(float[] input, int rows) {
    float[] output;
    try {
      output =
          predictor.predict(
              new FloatTensorTranslator.Tensor(input, new Shape(rows, spec.latentDims())));
    } catch (TranslateException | RuntimeException e) {
      throw new InferenceException("decoder of " + bundle.modelId() + " failed: " + e, e);
    }
    if (output.length != rows * spec.values()) {
      throw new InferenceException(
          String.format(
              "decoder of %s returned %d values for %d images of %d values",
              bundle.modelId(), output.length, rows, spec.values()));
    }
    return output;
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
