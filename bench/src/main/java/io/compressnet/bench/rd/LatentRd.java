package io.compressnet.bench.rd;

import com.github.luben.zstd.Zstd;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.entropy.Int8RangeCoder;
import io.compressnet.imaging.entropy.StaticLatentModel;
import io.compressnet.imaging.quant.AffineInt8Quantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Entropy coding of a latent codec's (CompressNet's, PCA's) quantized latents: per step of the
 * quantization grid, a {@link StaticLatentModel} fitted on latents of <em>training</em> images,
 * then the evaluated images' latents range-coded one message each; plus zstd over batches of INT8
 * latents for comparison. Every coded message is decoded and checked against its codes.
 *
 * @param name the codec's name in settings, e.g. a model id
 * @param quantizer the INT8 quantizer the codec sends its latents with
 * @param decoder pixels of latents
 * @param evalLatents latents of {@code originals}, the evaluated images
 * @param network the network's own speeds, to which the coder's time is added
 */
record LatentRd(
    String family,
    String name,
    AffineInt8Quantizer quantizer,
    Function<float[][], byte[][]> decoder,
    float[][] trainLatents,
    float[][] evalLatents,
    ImageSet originals,
    Rates.Speeds network) {

  static final int ZSTD_BATCH = 64;
  static final int ZSTD_LEVEL = 19;

  /**
   * One range-coded point per step; with {@code withZstd} also the zstd batches, which carry the
   * INT8 codes of step 1 (checked batch by batch), so its scores are theirs.
   */
  List<RdPoint> run(int[] steps, boolean withZstd) {
    List<RdPoint> points = new ArrayList<>();
    for (int step : steps) {
      points.add(rangeCoded(step));
    }
    if (withZstd) {
      if (steps.length == 0 || steps[0] != 1) {
        throw new IllegalArgumentException("zstd batches reuse the scores of step 1, not run");
      }
      points.add(zstdBatches(points.get(0)));
    }
    return points;
  }

  private RdPoint rangeCoded(int step) {
    SteppedQuantizer quantizer = new SteppedQuantizer(this.quantizer, step);
    int dims = quantizer.min().length;
    int[][] trainCodes = Arrays.stream(trainLatents).map(quantizer::quantize).toArray(int[][]::new);
    StaticLatentModel model = StaticLatentModel.fit(trainCodes, dims, quantizer.symbols());
    int n = evalLatents.length;
    int[][] codes = Arrays.stream(evalLatents).map(quantizer::quantize).toArray(int[][]::new);
    byte[][] messages = new byte[n][];
    int[][] decoded = new int[n][];
    Rates.Speeds coder =
        Rates.time(
            n,
            true,
            i -> messages[i] = model.encode(codes[i]),
            i -> decoded[i] = model.decode(messages[i]));
    int[] sent = new int[n];
    double idealBits = 0;
    float[][] dequantized = new float[n][];
    for (int i = 0; i < n; i++) {
      if (!Arrays.equals(codes[i], decoded[i])) {
        throw new IllegalStateException("range coder lost latent " + i + " of " + name);
      }
      // As an INT8_RANGE message carries it: check byte + code, or the INT8 codes when that
      // would not be shorter (what an encoder sends for a bundle made by fit-entropy
      // --step-multiplier).
      sent[i] = Math.min(Int8RangeCoder.HEADER_BYTES + messages[i].length, dims);
      idealBits += model.idealBits(codes[i]);
      dequantized[i] = quantizer.dequantize(decoded[i]);
    }
    IntSummaryStatistics sizes = Arrays.stream(sent).summaryStatistics();
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
    String levels = step == 1 ? "" : " step x" + step + " (" + quantizer.symbols() + " levels)";
    return RdPoint.measured(
        family,
        family + " + range coder",
        name + " INT8" + levels,
        sizes.getAverage(),
        sizes.getMax(),
        CodecRunner.score(originals, decoder.apply(dequantized)),
        new Rates.Speeds(
            Rates.serial(network.encodePerSecond(), coder.encodePerSecond()),
            Rates.serial(network.decodePerSecond(), coder.decodePerSecond())),
        false,
        note);
  }

  /** zstd of {@value #ZSTD_BATCH} INT8 latents concatenated: a batch-level comparison. */
  private RdPoint zstdBatches(RdPoint int8) {
    SteppedQuantizer quantizer = new SteppedQuantizer(this.quantizer, 1);
    int dims = quantizer.min().length;
    int n = evalLatents.length;
    long bytes = 0;
    int maxBatch = 0;
    for (int from = 0; from < n; from += ZSTD_BATCH) {
      int to = Math.min(n, from + ZSTD_BATCH);
      byte[] batch = new byte[(to - from) * dims];
      for (int i = from; i < to; i++) {
        int[] codes = quantizer.quantize(evalLatents[i]);
        for (int d = 0; d < dims; d++) {
          batch[(i - from) * dims + d] = (byte) codes[d];
        }
      }
      byte[] compressed = Zstd.compress(batch, ZSTD_LEVEL);
      if (!Arrays.equals(batch, Zstd.decompress(compressed, batch.length))) {
        throw new IllegalStateException("zstd lost a batch of " + name);
      }
      bytes += compressed.length;
      maxBatch = Math.max(maxBatch, compressed.length);
    }
    String note =
        String.format(
            "batch-level: bytes are a compressed batch of %d latents / %d; max is per batch;"
                + " speed is the network's only",
            ZSTD_BATCH, ZSTD_BATCH);
    return new RdPoint(
        family,
        family + " INT8 + zstd per " + ZSTD_BATCH + " messages",
        name + " INT8, zstd level " + ZSTD_LEVEL,
        (double) bytes / n,
        maxBatch,
        n,
        int8.aggregatePsnr(),
        int8.meanPsnr(),
        int8.meanSsim(),
        network.encodePerSecond(),
        network.decodePerSecond(),
        false,
        false,
        note);
  }
}
