package io.compressnet.bench.rd;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.AffineInt8Quantizer;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.imaging.quant.LatentPacker;
import java.util.Arrays;
import java.util.List;

/**
 * A bundle's encoder and decoder as the services run them ({@link BatchEncoder}, {@link
 * BatchDecoder}), exchanging float latents so that any quantization can be put between them:
 * FLOAT32 packing is exact, so what is decoded is exactly the latent given.
 *
 * <p>With a {@link Refinement}, the encoder refines each latent through the decoder before it is
 * returned. The latent is then FLOAT32, so the refinement is not held inside the INT8 quantizer's
 * range as an INT8 encoder's is: values outside are clamped when the grid quantizes them.
 */
final class CompressNetLatents implements LatentCodec, AutoCloseable {

  private static final int PASS_SIZE = 256;

  private final ModelBundle bundle;
  private final LatentPacker float32;
  private final BatchEncoder encoder;
  private final BatchDecoder decoder;

  CompressNetLatents(ModelBundle bundle) {
    this(bundle, Refinement.NONE);
  }

  CompressNetLatents(ModelBundle bundle, Refinement refinement) {
    this.bundle = bundle;
    this.float32 = bundle.packer(Encoding.FLOAT32);
    this.encoder = new BatchEncoder(bundle, Encoding.FLOAT32, PASS_SIZE, refinement);
    BatchDecoder created;
    try {
      created = new BatchDecoder(bundle, PASS_SIZE);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
    this.decoder = created;
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
    byte[][] packed = encoder.encode(Arrays.asList(images.images()));
    return Arrays.stream(packed).map(float32::unpack).toArray(float[][]::new);
  }

  @Override
  public byte[][] decode(float[][] latents) {
    List<byte[]> packed = Arrays.stream(latents).map(float32::pack).toList();
    return decoder.decode(packed, Encoding.FLOAT32);
  }

  @Override
  public AffineInt8Quantizer quantizer() {
    return bundle.quantizer();
  }

  @Override
  public void close() {
    try {
      encoder.close();
    } finally {
      decoder.close();
    }
  }
}
