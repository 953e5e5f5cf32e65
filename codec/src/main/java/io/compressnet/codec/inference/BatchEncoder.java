package io.compressnet.codec.inference;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.translate.TranslateException;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.entropy.Int8RangeCoder;
import io.compressnet.imaging.quant.AffineInt8Quantizer;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.imaging.quant.LatentPacker;
import io.compressnet.imaging.quant.PackedLatent;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Encodes batches of 8-bit grayscale images into packed latents with one model bundle.
 *
 * <p><b>Not thread-safe</b>: it holds a DJL {@link Predictor}, which must not be used by two
 * threads at once. Use one instance per stream thread (or per Kafka Streams task, which one thread
 * drives at a time). The native arrays of a call live in a per-call sub-manager and are freed when
 * the call returns. {@link #close()} frees the model's weights.
 *
 * <p><b>Batch-invariant results</b>: PyTorch picks its CPU kernels by tensor shape, and kernels for
 * different batch sizes differ in the last bits of float results. So that an image's latent never
 * depends on how many other images happened to share its Kafka batch, every forward pass has {@link
 * #passSize()} rows (the last pass of a call is zero-padded), or, for a short remainder, a smaller
 * size that the model was checked to give the same bits at on this machine ({@link PassPlan}; the
 * full pass may be smaller than the size asked for, when only smaller sizes agree with a 4-row
 * pass). Results are then bit-identical whether an image is encoded alone or in any batch.
 *
 * <p><b>Refinement</b> (optional, {@link Refinement}): after the network's pass, the pass's latents
 * are refined by gradient steps through the decoder; the same pass-size rule and check cover it.
 * INT8 latents are kept inside the quantizer's range while refining, so the steps optimise what the
 * wire can carry.
 *
 * <p><b>{@link Encoding#INT8_RANGE}</b>: {@link #encode} gives the INT8 codes (the fixed-length
 * form), {@link #encodeMessages} what a message carries: the codes range-coded with the bundle's
 * tables, or the INT8 codes themselves for a latent whose coded form would not be shorter.
 */
public final class BatchEncoder implements AutoCloseable {

  private final ModelBundle bundle;
  private final ModelSpec spec;
  private final Encoding encoding;
  private final LatentPacker packer;
  private final Int8RangeCoder rangeCoder;
  private final Model model;
  private final Predictor<FloatTensorTranslator.Tensor, float[]> predictor;
  private final LatentRefiner refiner;
  private final PassPlan plan;

  /** Default rows per forward pass. */
  public static final int DEFAULT_PASS_SIZE = 16;

  /**
   * Loads the bundle's encoder weights; forward passes of {@value #DEFAULT_PASS_SIZE} rows.
   *
   * @param encoding how latents are packed, e.g. {@code bundle.defaultEncoding()}
   */
  public BatchEncoder(ModelBundle bundle, Encoding encoding) {
    this(bundle, encoding, DEFAULT_PASS_SIZE);
  }

  /**
   * Loads the bundle's encoder weights.
   *
   * @param encoding how latents are packed, e.g. {@code bundle.defaultEncoding()}
   * @param passSize rows of the largest forward pass (see the class comment); larger is faster for
   *     full batches, smaller wastes less on small ones
   */
  public BatchEncoder(ModelBundle bundle, Encoding encoding, int passSize) {
    this(bundle, encoding, passSize, Refinement.NONE);
  }

  /**
   * Loads the bundle's encoder weights, and its decoder weights too if {@code refinement} is on.
   *
   * @param encoding how latents are packed, e.g. {@code bundle.defaultEncoding()}
   * @param passSize rows of the largest forward pass (see the class comment)
   * @param refinement gradient steps per latent after the network, or {@link Refinement#NONE}
   */
  public BatchEncoder(ModelBundle bundle, Encoding encoding, int passSize, Refinement refinement) {
    if (passSize < 1) {
      throw new IllegalArgumentException("passSize must be >= 1, was " + passSize);
    }
    this.bundle = Objects.requireNonNull(bundle, "bundle");
    this.spec = bundle.spec();
    this.encoding = Objects.requireNonNull(encoding, "encoding");
    boolean coded = encoding == Encoding.INT8_RANGE;
    this.rangeCoder = coded ? bundle.requireRangeCoder() : null;
    this.packer = bundle.packer(coded ? Encoding.INT8 : encoding);
    Model created = Model.newInstance("encoder:" + bundle.modelId());
    try {
      created.setBlock(bundle.newEncoderBlock(created.getNDManager()));
      this.predictor = created.newPredictor(new FloatTensorTranslator());
    } catch (RuntimeException e) {
      created.close();
      throw e;
    }
    this.model = created;
    try {
      this.refiner = newRefiner(bundle, packer, Objects.requireNonNull(refinement, "refinement"));
    } catch (RuntimeException e) {
      created.close();
      throw e;
    }
    this.plan = PassPlan.checkedOrClose(passSize, spec.values(), this::encodePass, this);
  }

  private static LatentRefiner newRefiner(
      ModelBundle bundle, LatentPacker packer, Refinement refinement) {
    if (!refinement.enabled()) {
      return null;
    }
    if (packer instanceof AffineInt8Quantizer quantizer) {
      return new LatentRefiner(bundle, refinement, quantizer.min(), quantizer.max());
    }
    return new LatentRefiner(bundle, refinement, null, null);
  }

  /** Gradient steps per latent after the network (0 = none). */
  public int refinementSteps() {
    return refiner == null ? 0 : refiner.refinement().steps();
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

  /** The encoding asked for; with {@link Encoding#INT8_RANGE} a message may still carry INT8. */
  public Encoding encoding() {
    return encoding;
  }

  /** Bytes of one latent in its fixed-length form ({@link #encode}'s output). */
  public int bytesPerLatent() {
    return packer.bytesPerImage();
  }

  /**
   * Encodes the images into what messages carry: {@link #encode}'s latents, range-coded when this
   * encoder's encoding is {@link Encoding#INT8_RANGE} and the coded form is shorter.
   *
   * @see #encode
   */
  public PackedLatent[] encodeMessages(List<byte[]> pixelImages) {
    byte[][] fixed = encode(pixelImages);
    PackedLatent[] out = new PackedLatent[fixed.length];
    for (int i = 0; i < fixed.length; i++) {
      out[i] = toMessage(fixed[i]);
    }
    return out;
  }

  private PackedLatent toMessage(byte[] fixed) {
    return rangeCoder == null ? new PackedLatent(encoding, fixed) : toMessage(rangeCoder, fixed);
  }

  /**
   * The message form of INT8 codes under {@code coder}: coded when that is shorter, else the codes
   * as {@link Encoding#INT8} (the one rule every INT8_RANGE sender follows).
   */
  public static PackedLatent toMessage(Int8RangeCoder coder, byte[] int8Codes) {
    byte[] coded = coder.encodeIfShorter(int8Codes, int8Codes.length);
    return coded != null
        ? new PackedLatent(Encoding.INT8_RANGE, coded)
        : new PackedLatent(Encoding.INT8, int8Codes);
  }

  /**
   * Encodes the images in one forward pass, into fixed-length latents ({@link Encoding#INT8} codes
   * when the encoding is {@link Encoding#INT8_RANGE}; {@link #encodeMessages} codes them).
   *
   * @param pixelImages row-major 8-bit pixels, each exactly {@code width * height} bytes of the
   *     bundle's input size
   * @return one packed latent per image, in order
   * @throws IllegalArgumentException if an image has the wrong number of pixels
   * @throws InferenceException if the network fails
   */
  public byte[][] encode(List<byte[]> pixelImages) {
    float[][] latents = encodeFloats(pixelImages);
    byte[][] packed = new byte[latents.length][];
    for (int i = 0; i < latents.length; i++) {
      packed[i] = packer.pack(latents[i]);
    }
    return packed;
  }

  /**
   * The latents {@link #encode} packs, as floats before any quantization: the same padded forward
   * passes (and refinement, if it is on), so a caller that keeps latents in memory, such as the
   * trainer's whole-autoencoder figure, runs the services' inference and not a second copy of it.
   *
   * @param pixelImages as for {@link #encode}
   * @return one latent of {@code latentDims} values per image, in order
   * @throws IllegalArgumentException if an image has the wrong number of pixels
   * @throws InferenceException if the network fails
   */
  public float[][] encodeFloats(List<byte[]> pixelImages) {
    byte[][] images = checkedImages(pixelImages);
    int n = images.length;
    int values = spec.values();
    int dims = spec.latentDims();
    float[][] out = new float[n][];
    for (int from = 0; from < n; ) {
      int pass = plan.sizeFor(n - from);
      int rows = Math.min(pass, n - from);
      // Zero padding after the real rows: toUnitFloats fills only rows * values.
      float[] input = new float[pass * values];
      float[] real =
          ImageSet.toUnitFloats(images, from, from + rows, spec.pixels(), spec.channels());
      System.arraycopy(real, 0, input, 0, real.length);
      float[] latents = encodePass(input, pass);
      for (int i = 0; i < rows; i++) {
        out[from + i] = Arrays.copyOfRange(latents, i * dims, (i + 1) * dims);
      }
      from += rows;
    }
    return out;
  }

  /** The images as an array, each checked to have the model's number of input values. */
  private byte[][] checkedImages(List<byte[]> pixelImages) {
    int values = spec.values();
    byte[][] images = new byte[pixelImages.size()][];
    for (int i = 0; i < images.length; i++) {
      byte[] image = pixelImages.get(i);
      if (image == null || image.length != values) {
        throw new IllegalArgumentException(wrongSize(i, image == null ? 0 : image.length));
      }
      images[i] = image;
    }
    return images;
  }

  private String wrongSize(int index, int length) {
    int values = spec.values();
    String takes =
        spec.channels() == 1
            ? String.format("%dx%d = %d", spec.width(), spec.height(), values)
            : String.format(
                "%dx%d x %d channels = %d", spec.width(), spec.height(), spec.channels(), values);
    return String.format(
        "image %d has %d %s; model %s takes %s",
        index, length, spec.channels() == 1 ? "pixels" : "values", bundle.modelId(), takes);
  }

  /** The network's pass over {@code rows} images, then refinement if it is on. */
  private float[] encodePass(float[] input, int rows) {
    float[] latents = forward(input, rows);
    return refiner == null ? latents : refiner.refine(input, latents, rows);
  }

  /** One pass of {@code rows} images; checks it returned one latent per row. */
  private float[] forward(float[] input, int rows) {
    float[] latents;
    try {
      latents = predictor.predict(new FloatTensorTranslator.Tensor(input, spec.inputShape(rows)));
    } catch (TranslateException | RuntimeException e) {
      throw new InferenceException("encoder of " + bundle.modelId() + " failed: " + e, e);
    }
    if (latents.length != rows * spec.latentDims()) {
      throw new InferenceException(
          String.format(
              "encoder of %s returned %d values for %d images of %d dims",
              bundle.modelId(), latents.length, rows, spec.latentDims()));
    }
    return latents;
  }

  /** Native arrays owned by this encoder right now (its weights); for leak tests. */
  int liveArrays() {
    return ((BaseNDManager) model.getNDManager()).getManagedArrays().size();
  }

  /** Native arrays owned by the refiner (its decoder weights), 0 without one; for leak tests. */
  int liveRefinerArrays() {
    return refiner == null ? 0 : refiner.liveArrays();
  }

  @Override
  public void close() {
    try {
      predictor.close();
    } finally {
      try {
        model.close();
      } finally {
        if (refiner != null) {
          refiner.close();
        }
      }
    }
  }
}
