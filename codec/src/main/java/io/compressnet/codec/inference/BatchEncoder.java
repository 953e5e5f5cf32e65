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
import java.util.List;
import java.util.Objects;

/**
 * Encodes batches of 8-bit grayscale images into packed latents with one model bundle.
 *
 * <p><b>Not thread-safe</b>: it holds a DJL {@link Predictor}, which must not be used by two
 * threads at once. Use one instance per stream thread (or per Kafka Streams task, which one thread
 * drives at a time). Each call runs the whole batch through the network in one forward pass; the
 * native arrays of a call live in a per-call sub-manager and are freed when the call returns.
 * {@link #close()} frees the model's weights.
 */
public final class BatchEncoder implements AutoCloseable {

  private final ModelBundle bundle;
  private final ModelSpec spec;
  private final LatentPacker packer;
  private final Model model;
  private final Predictor<FloatTensorTranslator.Tensor, float[]> predictor;

  /**
   * Loads the bundle's encoder weights.
   *
   * @param encoding how latents are packed, e.g. {@code bundle.defaultEncoding()}
   */
  public BatchEncoder(ModelBundle bundle, Encoding encoding) {
    this.bundle = Objects.requireNonNull(bundle, "bundle");
    this.spec = bundle.spec();
    this.packer = bundle.packer(Objects.requireNonNull(encoding, "encoding"));
    Model created = Model.newInstance("encoder:" + bundle.modelId());
    try {
      created.setBlock(bundle.newEncoderBlock(created.getNDManager()));
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

  public Encoding encoding() {
    return packer.encoding();
  }

  /** Bytes of one packed latent. */
  public int bytesPerLatent() {
    return packer.bytesPerImage();
  }

  /**
   * Encodes the images in one forward pass.
   *
   * @param pixelImages row-major 8-bit pixels, each exactly {@code width * height} bytes of the
   *     bundle's input size
   * @return one packed latent per image, in order
   * @throws IllegalArgumentException if an image has the wrong number of pixels
   * @throws InferenceException if the network fails
   */
  public byte[][] encode(List<byte[]> pixelImages) {
    int n = pixelImages.size();
    if (n == 0) {
      return new byte[0][];
    }
    int pixels = spec.pixels();
    byte[][] images = new byte[n][];
    for (int i = 0; i < n; i++) {
      byte[] image = pixelImages.get(i);
      if (image == null || image.length != pixels) {
        throw new IllegalArgumentException(
            String.format(
                "image %d has %d pixels; model %s takes %dx%d = %d",
                i,
                image == null ? 0 : image.length,
                bundle.modelId(),
                spec.width(),
                spec.height(),
                pixels));
      }
      images[i] = image;
    }
    float[] input = ImageSet.toUnitFloats(images, 0, n, pixels);
    float[] latents =
        run(new FloatTensorTranslator.Tensor(input, new Shape(n, 1, spec.height(), spec.width())));
    int dims = spec.latentDims();
    if (latents.length != n * dims) {
      throw new InferenceException(
          "encoder of "
              + bundle.modelId()
              + " returned "
              + latents.length
              + " values for "
              + n
              + " images of "
              + dims
              + " dims");
    }
    byte[][] packed = new byte[n][];
    float[] one = new float[dims];
    for (int i = 0; i < n; i++) {
      System.arraycopy(latents, i * dims, one, 0, dims);
      packed[i] = packer.pack(one);
    }
    return packed;
  }

  private float[] run(FloatTensorTranslator.Tensor input) {
    try {
      return predictor.predict(input);
    } catch (TranslateException | RuntimeException e) {
      throw new InferenceException("encoder of " + bundle.modelId() + " failed: " + e, e);
    }
  }

  /** Native arrays owned by this encoder right now (its weights); for leak tests. */
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
