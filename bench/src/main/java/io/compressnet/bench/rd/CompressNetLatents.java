package io.compressnet.bench.rd;

import io.compressnet.bench.Network;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.AffineInt8Quantizer;
import io.compressnet.imaging.quant.Encoding;
import java.util.Arrays;

/**
 * A bundle's encoder and decoder as the services run them ({@link Network}), exchanging float
 * latents so that any quantization can be put between them.
 *
 * <p>With a {@link Refinement}, the encoder refines each latent through the decoder before it is
 * returned. The encoder is a FLOAT32 one, so the refinement is not held inside the INT8 quantizer's
 * range as an INT8 encoder's is: values outside are clamped when the grid quantizes them.
 */
final class CompressNetLatents implements LatentRd.Codec, AutoCloseable {

  private static final int PASS_SIZE = 256;

  private final ModelBundle bundle;
  private final Network network;

  CompressNetLatents(ModelBundle bundle, Refinement refinement) {
    this.bundle = bundle;
    this.network = new Network(bundle, Encoding.FLOAT32, PASS_SIZE, refinement);
  }

  @Override
  public String name() {
    return bundle.modelId();
  }

  @Override
  public int dims() {
    return bundle.spec().latentDims();
  }

  @Override
  public float[][] encode(ImageSet images) {
    return network.encodeFloats(Arrays.asList(images.images()));
  }

  @Override
  public byte[][] decode(float[][] latents) {
    return network.decodeFloats(Arrays.asList(latents));
  }

  @Override
  public AffineInt8Quantizer quantizer() {
    return bundle.quantizer();
  }

  @Override
  public void close() {
    network.close();
  }
}
