package io.compressnet.bench;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.quant.Encoding;
import java.util.List;

/**
 * A bundle's encoder and decoder built as the services build them ({@link BatchEncoder}, {@link
 * BatchDecoder}, the bundle's default encoding, one forward-pass size): the network alone, no
 * Kafka. The one thing the pipeline benchmark's network-alone phase, the JMH {@code
 * InferenceBenchmark} and {@code bench rd}'s latent codec run, so that they measure the same calls.
 */
public final class Network implements AutoCloseable {

  private final Encoding encoding;
  private final BatchEncoder encoder;
  private final BatchDecoder decoder;

  public Network(ModelBundle bundle, int passSize, Refinement refinement) {
    this(bundle, bundle.defaultEncoding(), passSize, refinement);
  }

  /**
   * With {@code encoding} instead of the bundle's default (which decides how refinement clamps).
   */
  public Network(ModelBundle bundle, Encoding encoding, int passSize, Refinement refinement) {
    this.encoding = encoding;
    this.encoder = new BatchEncoder(bundle, encoding, passSize, refinement);
    try {
      this.decoder = new BatchDecoder(bundle, passSize);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  /** Fixed-length latents of the images (INT8 codes for an INT8_RANGE bundle). */
  public byte[][] encode(List<byte[]> images) {
    return encoder.encode(images);
  }

  /** Images of latents made by {@link #encode}. */
  public byte[][] decode(List<byte[]> latents) {
    return decoder.decode(latents, encoding.uncoded());
  }

  /** The latents of the images as floats, before any packing. */
  public float[][] encodeFloats(List<byte[]> images) {
    return encoder.encodeFloats(images);
  }

  /** Images of float latents, in the same forward passes as {@link #decode}. */
  public byte[][] decodeFloats(List<float[]> latents) {
    return decoder.decodeFloats(latents);
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
