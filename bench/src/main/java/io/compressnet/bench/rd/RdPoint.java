package io.compressnet.bench.rd;

import io.compressnet.imaging.metrics.QualityAccumulator;

/**
 * One codec at one setting, measured on the benchmark's images; written to rd.json as it is.
 *
 * @param family codec family, e.g. {@code "CompressNet"}, {@code "WebP"}
 * @param series the curve it belongs to (one plot series), e.g. {@code "WebP lossy"}
 * @param setting where on the curve, e.g. {@code "q=50"} or a model id and encoding
 * @param bytesPerImage mean message payload per image (what a message would carry)
 * @param aggregatePsnr {@code 10 log10(1 / mean MSE)}, dB; meanPsnr caps each image at 100 dB
 * @param encodePerSecond images per second, one thread (null when not measured), as decode
 * @param perMessage whether each image travels as a message of its own (false for batch-level
 *     figures such as zstd over many latents, which the targets and crossings leave out)
 * @param note how the figure was obtained, where it is not obvious
 */
public record RdPoint(
    String family,
    String series,
    String setting,
    double bytesPerImage,
    int maxBytes,
    long images,
    double aggregatePsnr,
    double meanPsnr,
    double meanSsim,
    Double encodePerSecond,
    Double decodePerSecond,
    boolean lossless,
    boolean perMessage,
    String note) {

  /** A per-message point of the images {@code quality} scored. */
  static RdPoint measured(
      String family,
      String series,
      String setting,
      double bytesPerImage,
      int maxBytes,
      QualityAccumulator quality,
      Rates.Speeds speeds,
      boolean lossless,
      String note) {
    return new RdPoint(
        family,
        series,
        setting,
        bytesPerImage,
        maxBytes,
        quality.count(),
        quality.aggregatePsnr(),
        quality.meanPsnr(),
        quality.meanSsim(),
        speeds.encodePerSecond(),
        speeds.decodePerSecond(),
        lossless,
        true,
        note);
  }

  /** The same measurement under another label, in messages of other sizes. */
  RdPoint with(String series, String setting, double bytesPerImage, int maxBytes, String note) {
    return new RdPoint(
        family,
        series,
        setting,
        bytesPerImage,
        maxBytes,
        images,
        aggregatePsnr,
        meanPsnr,
        meanSsim,
        encodePerSecond,
        decodePerSecond,
        lossless,
        perMessage,
        note);
  }
}
