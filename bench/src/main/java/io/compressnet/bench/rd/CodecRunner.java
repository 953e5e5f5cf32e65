package io.compressnet.bench.rd;

import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.metrics.ImageMetrics;
import io.compressnet.imaging.metrics.QualityAccumulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Measures a per-image codec: message sizes, quality of what decodes, and speed on one thread. */
final class CodecRunner {

  private static final int WARM_UP_IMAGES = 200;

  private CodecRunner() {}

  /** The codec's point, then one per {@linkplain ImageCodec#framings() framing}. */
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
    Rates encodeRates = new Rates();
    Rates decodeRates = new Rates();
    for (int from = 0; from < n; ) {
      int chunk = Rates.chunkOf(from, n);
      int to = from;
      while (to < n && Rates.chunkOf(to, n) == chunk) {
        to++;
      }
      long t0 = System.nanoTime();
      for (int i = from; i < to; i++) {
        encoded[i] = codec.encode(all[i], w, h, c);
      }
      long t1 = System.nanoTime();
      for (int i = from; i < to; i++) {
        decoded[i] = codec.decode(encoded[i], w, h, c);
      }
      long t2 = System.nanoTime();
      encodeRates.add(chunk, t1 - t0, to - from);
      decodeRates.add(chunk, t2 - t1, to - from);
      from = to;
    }
    QualityAccumulator quality = new QualityAccumulator();
    long bytes = 0;
    int maxBytes = 0;
    boolean exact = true;
    for (int i = 0; i < n; i++) {
      bytes += encoded[i].length;
      maxBytes = Math.max(maxBytes, encoded[i].length);
      exact &= Arrays.equals(all[i], decoded[i]);
      quality.add(
          ImageMetrics.mse(all[i], decoded[i]), ImageMetrics.ssim(all[i], decoded[i], w, h, c));
    }
    if (codec.lossless() && !exact) {
      throw new IllegalStateException(codec.series() + " is meant to be lossless but is not");
    }
    RdPoint main =
        new RdPoint(
            family,
            codec.series(),
            codec.setting(),
            (double) bytes / n,
            maxBytes,
            n,
            quality.aggregatePsnr(),
            quality.meanPsnr(),
            quality.meanSsim(),
            encodeRates.perSecond(),
            decodeRates.perSecond(),
            exact,
            true,
            null);
    List<RdPoint> points = new ArrayList<>();
    points.add(main);
    for (Framing framing : codec.framings()) {
      points.add(framed(main, framing, encoded));
    }
    return points;
  }

  /** The same files with a leaner framing: only the sizes change, checked byte for byte. */
  private static RdPoint framed(RdPoint main, Framing framing, byte[][] files) {
    long bytes = 0;
    int maxBytes = 0;
    for (int i = 0; i < files.length; i++) {
      byte[] payload = framing.strip(files[i]);
      if (!Arrays.equals(framing.restore(payload), files[i])) {
        throw new IllegalStateException(
            framing.series() + " does not restore image " + i + " byte for byte");
      }
      bytes += payload.length;
      maxBytes = Math.max(maxBytes, payload.length);
    }
    return new RdPoint(
        main.family(),
        framing.series(),
        main.setting(),
        (double) bytes / files.length,
        maxBytes,
        main.images(),
        main.aggregatePsnr(),
        main.meanPsnr(),
        main.meanSsim(),
        main.encodePerSecond(),
        main.decodePerSecond(),
        main.lossless(),
        true,
        "the " + main.series() + " files, headers rebuilt by the receiver (checked byte for byte)");
  }
}
