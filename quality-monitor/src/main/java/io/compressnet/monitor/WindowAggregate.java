package io.compressnet.monitor;

import io.compressnet.imaging.metrics.QualityAccumulator;
import io.compressnet.schemas.avro.QualityWindow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The state of one rolling window of one model: the codec's {@link QualityAccumulator} (count and
 * the MSE / PSNR / SSIM sums, so means follow ARCHITECTURE.md exactly), byte sums for the
 * compression ratio, the missing count, and two bounded histograms for percentiles (SSIM at 0.001,
 * latency exact below 1 s and 1 % above; see {@link Histogram}). Its size depends on the number of
 * distinct buckets hit, not on the number of images. Mergeable, so the count view can add blocks.
 */
final class WindowAggregate {
  /** Histograms in {@link Histogram#write}'s compact layout. */
  private static final int LAYOUT = 2;

  /** Histograms as fixed-width (int, long) pairs: state written before layout 2. */
  private static final int FIXED_WIDTH_LAYOUT = 1;

  private QualityAccumulator quality = new QualityAccumulator();
  private long missing;
  private long sumRawBytes;
  private long sumLatentBytes;
  private double maxSsim = Double.NEGATIVE_INFINITY;
  private long minLatency = Long.MAX_VALUE;
  private long maxLatency = Long.MIN_VALUE;
  private long firstTimestamp = Long.MAX_VALUE;
  private long lastTimestamp = Long.MIN_VALUE;
  private Histogram ssim = new Histogram();
  private Histogram latency = new Histogram();

  /** Adds an image (or a missing image) seen at {@code timestamp}. */
  WindowAggregate add(ScoreEvent e, long timestamp) {
    firstTimestamp = Math.min(firstTimestamp, timestamp);
    lastTimestamp = Math.max(lastTimestamp, timestamp);
    return add(e);
  }

  /** Adds an image (or a missing image) without tracking time (the window bounds are enough). */
  WindowAggregate add(ScoreEvent e) {
    if (e.missing()) {
      missing++;
      return this;
    }
    quality.add(e.mse(), e.ssim());
    sumRawBytes += e.rawBytes();
    sumLatentBytes += e.latentBytes();
    maxSsim = Math.max(maxSsim, e.ssim());
    minLatency = Math.min(minLatency, e.latencyMs());
    maxLatency = Math.max(maxLatency, e.latencyMs());
    ssim.add(Histogram.SSIM, e.ssim());
    latency.add(Histogram.LATENCY_MS, e.latencyMs());
    return this;
  }

  WindowAggregate merge(WindowAggregate o) {
    quality.merge(o.quality);
    missing += o.missing;
    sumRawBytes += o.sumRawBytes;
    sumLatentBytes += o.sumLatentBytes;
    maxSsim = Math.max(maxSsim, o.maxSsim);
    minLatency = Math.min(minLatency, o.minLatency);
    maxLatency = Math.max(maxLatency, o.maxLatency);
    firstTimestamp = Math.min(firstTimestamp, o.firstTimestamp);
    lastTimestamp = Math.max(lastTimestamp, o.lastTimestamp);
    ssim.merge(o.ssim);
    latency.merge(o.latency);
    return this;
  }

  long count() {
    return quality.count();
  }

  long missing() {
    return missing;
  }

  long firstTimestamp() {
    return firstTimestamp;
  }

  long lastTimestamp() {
    return lastTimestamp;
  }

  /**
   * The window as published. Metrics that need at least one scored image (means, percentiles,
   * ratio) are NaN when the window only holds missing images; the compression ratio is NaN when no
   * latent size was reported.
   */
  QualityWindow toWindow(String modelId, String kind, long start, long end) {
    long n = quality.count();
    boolean any = n > 0;
    return QualityWindow.newBuilder()
        .setModelId(modelId)
        .setKind(kind)
        .setWindowStart(java.time.Instant.ofEpochMilli(start))
        .setWindowEnd(java.time.Instant.ofEpochMilli(end))
        .setCount(n)
        .setMissing(missing)
        .setMeanMse(any ? quality.meanMse() : Double.NaN)
        .setMeanSsim(any ? quality.meanSsim() : Double.NaN)
        .setMinSsim(any ? quality.minSsim() : Double.NaN)
        .setP05Ssim(any ? ssim.percentile(Histogram.SSIM, 0.05, quality.minSsim(), maxSsim) : nan())
        .setMeanPsnr(any ? quality.meanPsnr() : Double.NaN)
        .setAggregatePsnr(any ? quality.aggregatePsnr() : Double.NaN)
        .setLatencyP50Ms(latencyPercentile(0.50))
        .setLatencyP99Ms(latencyPercentile(0.99))
        .setCompressionRatio(
            any && sumLatentBytes > 0 ? (double) sumRawBytes / sumLatentBytes : Double.NaN)
        .setMeanLatentBytes(any ? (double) sumLatentBytes / n : Double.NaN)
        .build();
  }

  private static double nan() {
    return Double.NaN;
  }

  private double latencyPercentile(double p) {
    if (quality.count() == 0) {
      return Double.NaN;
    }
    return latency.percentile(Histogram.LATENCY_MS, p, minLatency, maxLatency);
  }

  static Serde<WindowAggregate> serde() {
    Serializer<WindowAggregate> ser = (topic, a) -> a == null ? null : a.toBytes();
    Deserializer<WindowAggregate> de = (topic, data) -> data == null ? null : fromBytes(data);
    return Serdes.serdeFrom(ser, de);
  }

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static WindowAggregate fromBytes(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(DataOutputStream out) throws IOException {
    out.writeByte(LAYOUT); // layout version
    out.writeLong(quality.count());
    out.writeDouble(quality.sumMse());
    out.writeDouble(quality.sumPsnr());
    out.writeDouble(quality.sumSsim());
    out.writeDouble(quality.count() == 0 ? Double.POSITIVE_INFINITY : quality.minSsim());
    out.writeLong(missing);
    out.writeLong(sumRawBytes);
    out.writeLong(sumLatentBytes);
    out.writeDouble(maxSsim);
    out.writeLong(minLatency);
    out.writeLong(maxLatency);
    out.writeLong(firstTimestamp);
    out.writeLong(lastTimestamp);
    ssim.write(out);
    latency.write(out);
  }

  static WindowAggregate read(DataInputStream in) throws IOException {
    int version = in.readByte();
    if (version != LAYOUT && version != FIXED_WIDTH_LAYOUT) {
      throw new IllegalStateException("unknown WindowAggregate layout " + version);
    }
    WindowAggregate a = new WindowAggregate();
    long count = in.readLong();
    double sumMse = in.readDouble();
    double sumPsnr = in.readDouble();
    double sumSsim = in.readDouble();
    double minSsim = in.readDouble();
    a.quality = QualityAccumulator.restore(count, sumMse, sumPsnr, sumSsim, minSsim);
    a.missing = in.readLong();
    a.sumRawBytes = in.readLong();
    a.sumLatentBytes = in.readLong();
    a.maxSsim = in.readDouble();
    a.minLatency = in.readLong();
    a.maxLatency = in.readLong();
    a.firstTimestamp = in.readLong();
    a.lastTimestamp = in.readLong();
    // State written by an earlier version (restored from a changelog) keeps working.
    a.ssim = version == LAYOUT ? Histogram.read(in) : Histogram.readFixedWidth(in);
    a.latency = version == LAYOUT ? Histogram.read(in) : Histogram.readFixedWidth(in);
    return a;
  }
}
