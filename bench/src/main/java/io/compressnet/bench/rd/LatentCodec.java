package io.compressnet.bench.rd;

import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.AffineInt8Quantizer;

/** A codec that maps images to float latent vectors and back (CompressNet, PCA). */
interface LatentCodec {

  /** Readable name, e.g. a model id. */
  String name();

  int dims();

  float[][] encode(ImageSet images);

  /** Pixels ({@code width * height} each) of the given latents. */
  byte[][] decode(float[][] latents);

  /** The INT8 quantizer the codec sends its latents with. */
  AffineInt8Quantizer quantizer();
}
