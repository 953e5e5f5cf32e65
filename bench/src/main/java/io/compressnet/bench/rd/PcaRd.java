package io.compressnet.bench.rd;

import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.AffineInt8Quantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * PCA at several latent sizes as a linear baseline: coordinates INT8-quantized per dimension (range
 * fitted on the fitting images' coordinates, 0.1 / 99.9 percentiles as CompressNet does), sent
 * fixed-length and range-coded.
 */
final class PcaRd {

  private PcaRd() {}

  static List<RdPoint> run(
      ImageSet train, ImageSet images, int[] dims, UnaryOperator<RdPoint> print) {
    int maxDims = Arrays.stream(dims).max().orElseThrow();
    Pca pca = Pca.fit(train, maxDims);
    List<RdPoint> points = new ArrayList<>();
    for (int k : dims) {
      PcaCodec codec = new PcaCodec(pca, k, train);
      float[][] trainLatents = codec.encode(train);
      byte[][] all = images.images();
      int n = all.length;
      float[][] evalLatents = new float[n][];
      SteppedQuantizer int8 = new SteppedQuantizer(codec.quantizer(), 1);
      int[][] codes = new int[n][];
      byte[][] decoded = new byte[n][];
      Rates encodeRates = new Rates();
      Rates decodeRates = new Rates();
      for (int i = 0; i < n; i++) {
        int chunk = Rates.chunkOf(i, n);
        long t0 = System.nanoTime();
        evalLatents[i] = pca.project(all[i], k);
        codes[i] = int8.quantize(evalLatents[i]);
        long t1 = System.nanoTime();
        decoded[i] = pca.reconstruct(int8.dequantize(codes[i]));
        long t2 = System.nanoTime();
        encodeRates.add(chunk, t1 - t0, 1);
        decodeRates.add(chunk, t2 - t1, 1);
      }
      var quality = LatentRd.score(images, decoded);
      points.add(
          print.apply(
              new RdPoint(
                  "PCA",
                  "PCA",
                  codec.name() + " INT8",
                  k,
                  k,
                  n,
                  quality.aggregatePsnr(),
                  quality.meanPsnr(),
                  quality.meanSsim(),
                  encodeRates.perSecond(),
                  decodeRates.perSecond(),
                  false,
                  true,
                  "fixed-length; " + train.size() + " fitting images")));
      for (RdPoint p :
          LatentRd.run(
              "PCA",
              codec,
              trainLatents,
              evalLatents,
              images,
              new LatentRd.NetworkRates(encodeRates.perSecond(), decodeRates.perSecond()),
              new int[] {1},
              false)) {
        points.add(print.apply(p));
      }
    }
    return points;
  }

  /** PCA with {@code k} components as a latent codec. */
  static final class PcaCodec implements LatentCodec {
    private final Pca pca;
    private final int k;
    private final AffineInt8Quantizer quantizer;

    PcaCodec(Pca pca, int k, ImageSet train) {
      this.pca = pca;
      this.k = k;
      this.quantizer = AffineInt8Quantizer.fit(encode(train), 0.1, 99.9);
    }

    @Override
    public String name() {
      return String.format(Locale.ROOT, "PCA-%d", k);
    }

    @Override
    public int dims() {
      return k;
    }

    @Override
    public float[][] encode(ImageSet images) {
      return Arrays.stream(images.images()).map(im -> pca.project(im, k)).toArray(float[][]::new);
    }

    @Override
    public byte[][] decode(float[][] latents) {
      return Arrays.stream(latents).map(pca::reconstruct).toArray(byte[][]::new);
    }

    @Override
    public AffineInt8Quantizer quantizer() {
      return quantizer;
    }
  }
}
