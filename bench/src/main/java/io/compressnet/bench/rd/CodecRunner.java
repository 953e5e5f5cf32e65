package io.compressnet.bench.rd;

import io.compressnet.bench.rd.ImageCodec.Framing;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.metrics.ImageMetrics;
import io.compressnet.imaging.metrics.QualityAccumulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.List;

/** Measures a per-image codec: message sizes, quality of what decodes, and speed on one thread. */
final class CodecRunner {

  private static final int WARM_UP_IMAGES = 200;

  private CodecRunner() {}

  /** The codec's point, then one per framing: the same files, only the sizes change. */
  static List<RdPoint> run(String family, ImageCodec codec, ImageSet images) {
    int w = images.width();
    int h = images.height();
    int c = images.channels();
    byte[][] all = images.images();
    int n = all.length;
    for (int i = 0; i < Math.min(WARM_UP_IMAGES, n); i++) {
      codec.decode(codec.encode(all[i], w, h, c), w, h, c);
    }
    byte[][] encoded = new byte[n][];
    byte[][] decoded = new byte[n][];
    Rates.Speeds speeds =
        Rates.time(
            n,
            false,
            i -> encoded[i] = codec.encode(all[i], w, h, c),
            i -> decoded[i] = codec.decode(encoded[i], w, h, c));
    boolean exact = true;
    for (int i = 0; i < n; i++) {
      exact &= Arrays.equals(all[i], decoded[i]);
    }
    if (codec.lossless() && !exact) {
      throw new IllegalStateException(codec.series() + " is meant to be lossless but is not");
    }
    IntSummaryStatistics sizes = Arrays.stream(encoded).mapToInt(e -> e.length).summaryStatistics();
    RdPoint main =
        RdPoint.measured(
            family,
            codec.series(),
            codec.setting(),
            sizes.getAverage(),
            sizes.getMax(),
            score(images, decoded),
            speeds,
            exact,
            null);
    List<RdPoint> points = new ArrayList<>(List.of(main));
    for (Framing framing : codec.framings().get()) {
      int[] framed = new int[n];
      for (int i = 0; i < n; i++) {
        byte[] payload = framing.strip().apply(encoded[i]);
        if (!Arrays.equals(framing.restore().apply(payload), encoded[i])) {
          throw new IllegalStateException(framing.series() + " does not restore image " + i);
        }
        framed[i] = payload.length;
      }
      IntSummaryStatistics stats = Arrays.stream(framed).summaryStatistics();
      String note =
          "the "
              + main.series()
              + " files, headers rebuilt by the receiver (checked byte for byte)";
      points.add(
          main.with(framing.series(), main.setting(), stats.getAverage(), stats.getMax(), note));
    }
    return points;
  }

  /** Quality of {@code decoded} against the original images, image by image. */
  static QualityAccumulator score(ImageSet originals, byte[][] decoded) {
    QualityAccumulator quality = new QualityAccumulator();
    byte[][] all = originals.images();
    for (int i = 0; i < all.length; i++) {
      quality.add(
          ImageMetrics.mse(all[i], decoded[i]),
          ImageMetrics.ssim(
              all[i], decoded[i], originals.width(), originals.height(), originals.channels()));
    }
    return quality;
  }
}
