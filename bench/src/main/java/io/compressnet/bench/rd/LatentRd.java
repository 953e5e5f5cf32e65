package io.compressnet.bench.rd;

import com.github.luben.zstd.Zstd;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.entropy.Int8RangeCoder;
import io.compressnet.imaging.entropy.StaticLatentModel;
import io.compressnet.imaging.metrics.ImageMetrics;
import io.compressnet.imaging.metrics.QualityAccumulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Entropy coding of a latent codec's quantized latents: per step of the quantization grid, a {@link
 * StaticLatentModel} fitted on latents of <em>training</em> images, then the evaluated images'
 * latents range-coded one message each; plus zstd over batches of INT8 latents for comparison.
 * Every coded message is decoded and checked against its codes.
 */
final class LatentRd {

  static final int ZSTD_BATCH = 64;
  static final int ZSTD_LEVEL = 19;

  /** Throughput of the network alone, to combine with the coder's. */
  record NetworkRates(double encodePerSecond, double decodePerSecond) {}

  private LatentRd() {}

  static List<RdPoint> run(
      String family,
      LatentCodec codec,
      float[][] trainLatents,
      float[][] evalLatents,
      ImageSet originals,
      NetworkRates network,
      int[] steps,
      boolean withZstd) {
    List<RdPoint> points = new ArrayList<>();
    for (int step : steps) {
      points.add(rangeCoded(family, codec, trainLatents, evalLatents, originals, network, step));
    }
    if (withZstd) {
      // Same INT8 codes as step 1 (checked batch by batch), so the same images: reuse its scores.
      RdPoint int8 = steps.length > 0 && steps[0] == 1 ? points.get(0) : null;
      points.add(zstdBatches(family, codec, evalLatents, originals, network, int8));
    }
    return points;
  }

  private static RdPoint rangeCoded(
      String family,
      LatentCodec codec,
      float[][] trainLatents,
      float[][] evalLatents,
      ImageSet originals,
      NetworkRates network,
      int step) {
    SteppedQuantizer quantizer = new SteppedQuantizer(codec.quantizer(), step);
    int dims = codec.dims();
    int[][] trainCodes = Arrays.stream(trainLatents).map(quantizer::quantize).toArray(int[][]::new);
    StaticLatentModel model = StaticLatentModel.fit(trainCodes, dims, quantizer.symbols());
    int n = evalLatents.length;
    int[][] codes = Arrays.stream(evalLatents).map(quantizer::quantize).toArray(int[][]::new);
    byte[][] messages = new byte[n][];
    int[][] decoded = new int[n][];
    Rates encodeRates = new Rates();
    Rates decodeRates = new Rates();
    for (int i = 0; i < n; i++) {
      int chunk = Rates.chunkOf(i, n);
      long t0 = System.nanoTime();
      messages[i] = model.encode(codes[i]);
      long t1 = System.nanoTime();
      decoded[i] = model.decode(messages[i]);
      long t2 = System.nanoTime();
      encodeRates.add(chunk, t1 - t0, 1);
      decodeRates.add(chunk, t2 - t1, 1);
    }
    long bytes = 0;
    int maxBytes = 0;
    double idealBits = 0;
    float[][] dequantized = new float[n][];
    for (int i = 0; i < n; i++) {
      if (!Arrays.equals(codes[i], decoded[i])) {
        throw new IllegalStateException("range coder lost latent " + i + " of " + codec.name());
      }
      // As an INT8_RANGE message carries it: check byte + code, or the INT8 codes when that
      // would not be shorter (what an encoder sends for a bundle made by fit-entropy
      // --step-multiplier).
      int sent = Math.min(Int8RangeCoder.HEADER_BYTES + messages[i].length, dims);
      bytes += sent;
      maxBytes = Math.max(maxBytes, sent);
      idealBits += model.idealBits(codes[i]);
      dequantized[i] = quantizer.dequantize(decoded[i]);
    }
    QualityAccumulator quality = score(originals, codec.decode(dequantized));
    String note =
        String.format(
            Locale.ROOT,
            "as sent (check byte + code, INT8 if not shorter); static per-dim tables fitted on"
                + " %d training latents (%d B); ideal code %.2f B/image; vs %d B fixed INT8;"
                + " steps above 1 are the grid of fit-entropy --step-multiplier",
            trainLatents.length,
            model.tableBytes(),
            idealBits / 8 / n,
            dims);
    return new RdPoint(
        family,
        family + " + range coder",
        String.format(
            Locale.ROOT,
            "%s INT8%s",
            codec.name(),
            step == 1 ? "" : " step x" + step + " (" + quantizer.symbols() + " levels)"),
        (double) bytes / n,
        maxBytes,
        n,
        quality.aggregatePsnr(),
        quality.meanPsnr(),
        quality.meanSsim(),
        Rates.serial(network.encodePerSecond(), encodeRates.perSecond()),
        Rates.serial(network.decodePerSecond(), decodeRates.perSecond()),
        false,
        true,
        note);
  }

  /**
   * zstd of {@value #ZSTD_BATCH} INT8 latents concatenated: a batch-level comparison (a message
   * would then carry a whole batch). Quality is that of the INT8 codes, scored again here.
   */
  private static RdPoint zstdBatches(
      String family,
      LatentCodec codec,
      float[][] evalLatents,
      ImageSet originals,
      NetworkRates network,
      RdPoint sameCodes) {
    SteppedQuantizer int8 = new SteppedQuantizer(codec.quantizer(), 1);
    int dims = codec.dims();
    int n = evalLatents.length;
    long bytes = 0;
    int maxBatch = 0;
    float[][] dequantized = new float[n][];
    for (int from = 0; from < n; from += ZSTD_BATCH) {
      int to = Math.min(n, from + ZSTD_BATCH);
      byte[] batch = new byte[(to - from) * dims];
      for (int i = from; i < to; i++) {
        int[] codes = int8.quantize(evalLatents[i]);
        for (int d = 0; d < dims; d++) {
          batch[(i - from) * dims + d] = (byte) codes[d];
        }
      }
      byte[] compressed = Zstd.compress(batch, ZSTD_LEVEL);
      byte[] back = Zstd.decompress(compressed, batch.length);
      if (!Arrays.equals(batch, back)) {
        throw new IllegalStateException("zstd lost a batch of " + codec.name());
      }
      bytes += compressed.length;
      maxBatch = Math.max(maxBatch, compressed.length);
      for (int i = from; i < to; i++) {
        int[] codes = new int[dims];
        for (int d = 0; d < dims; d++) {
          codes[d] = back[(i - from) * dims + d] & 0xFF;
        }
        dequantized[i] = int8.dequantize(codes);
      }
    }
    double aggregatePsnr;
    double meanPsnr;
    double meanSsim;
    if (sameCodes != null) {
      aggregatePsnr = sameCodes.aggregatePsnr();
      meanPsnr = sameCodes.meanPsnr();
      meanSsim = sameCodes.meanSsim();
    } else {
      QualityAccumulator quality = score(originals, codec.decode(dequantized));
      aggregatePsnr = quality.aggregatePsnr();
      meanPsnr = quality.meanPsnr();
      meanSsim = quality.meanSsim();
    }
    return new RdPoint(
        family,
        family + " INT8 + zstd per " + ZSTD_BATCH + " messages",
        codec.name() + " INT8, zstd level " + ZSTD_LEVEL,
        (double) bytes / n,
        maxBatch,
        n,
        aggregatePsnr,
        meanPsnr,
        meanSsim,
        network.encodePerSecond(),
        network.decodePerSecond(),
        false,
        false,
        "batch-level: bytes are a compressed batch of "
            + ZSTD_BATCH
            + " latents / "
            + ZSTD_BATCH
            + "; max is per batch; speed is the network's only");
  }

  static QualityAccumulator score(ImageSet originals, byte[][] reconstructed) {
    QualityAccumulator quality = new QualityAccumulator();
    byte[][] all = originals.images();
    for (int i = 0; i < all.length; i++) {
      quality.add(
          ImageMetrics.mse(all[i], reconstructed[i]),
          ImageMetrics.ssim(
              all[i],
              reconstructed[i],
              originals.width(),
              originals.height(),
              originals.channels()));
    }
    return quality;
  }
}
