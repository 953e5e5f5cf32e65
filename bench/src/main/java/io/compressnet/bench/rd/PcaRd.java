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
    Pca pca = Pca.fit(train, Arrays.stream(dims).max().orElseThrow());
    List<RdPoint> points = new ArrayList<>();
    for (int k : dims) {
      PcaCodec codec = new PcaCodec(pca, k, train);
      byte[][] all = images.images();
      int n = all.length;
      float[][] evalLatents = new float[n][];
      SteppedQuantizer int8 = new SteppedQuantizer(codec.quantizer(), 1);
      int[][] codes = new int[n][];
      byte[][] decoded = new byte[n][];
      Rates.Speeds speeds =
          Rates.time(
              n,
              true,
              i -> {
                evalLatents[i] = pca.project(all[i], k);
                codes[i] = int8.quantize(evalLatents[i]);
              },
              i -> decoded[i] = pca.reconstruct(int8.dequantize(codes[i])));
      String note = "fixed-length; " + train.size() + " fitting images";
      points.add(
          print.apply(
              RdPoint.measured(
                  "PCA",
                  "PCA",
                  codec.name() + " INT8",
                  k,
                  k,
                  CodecRunner.score(images, decoded),
                  speeds,
                  false,
                  note)));
      new LatentRd("PCA", codec, codec.encode(train), evalLatents, images, speeds)
          .run(new int[] {1}, false)
          .forEach(p -> points.add(print.apply(p)));
    }
    return points;
  }

  /** PCA with {@code k} components as a latent codec. */
  static final class PcaCodec implements LatentRd.Codec {
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
