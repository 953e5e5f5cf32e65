package io.compressnet.bench.rd;

import io.compressnet.bench.pipeline.Stats;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.Encoding;
import java.util.Arrays;
import java.util.List;

/**
 * CompressNet rows measured with encoder-side refinement ({@link Refinement}): their labels, and
 * the encoder's throughput with refinement on, which is what such a row costs to send.
 */
final class RefinedRows {

  /** Appended to the series of every refined row, e.g. {@code "CompressNet, refined"}. */
  static final String SERIES_SUFFIX = ", refined";

  private static final int PASSES = 5;

  private RefinedRows() {}

  /** {@code p} relabelled as measured with {@code refinement}: series, setting and note. */
  static RdPoint label(RdPoint p, Refinement refinement) {
    return p.relabelled(
        p.series() + SERIES_SUFFIX,
        p.setting() + ", " + refinement.describe().replaceFirst(" step", " refinement step"),
        "encoder refines each latent through the decoder; encode speed with refinement on"
            + (p.note() == null ? "" : "; " + p.note()));
  }

  /**
   * Images per second through a {@link BatchEncoder} with {@code refinement} (INT8 packing, passes
   * of {@code batch} images): the median of {@value #PASSES} timed calls after a warm-up call, like
   * the network-only figure of the unrefined rows.
   */
  static double encodePerSecond(
      ModelBundle bundle, ImageSet images, Refinement refinement, int batch) {
    int n = Math.min(batch, images.size());
    List<byte[]> sample = Arrays.asList(images.images()).subList(0, n);
    double[] rates = new double[PASSES];
    try (BatchEncoder encoder = new BatchEncoder(bundle, Encoding.INT8, batch, refinement)) {
      for (int pass = -1; pass < PASSES; pass++) {
        long t0 = System.nanoTime();
        encoder.encode(sample);
        long elapsed = System.nanoTime() - t0;
        if (pass >= 0) {
          rates[pass] = n / (elapsed / 1e9);
        }
      }
    }
    return Stats.median(rates);
  }
}
