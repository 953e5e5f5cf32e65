package io.compressnet.bench.jmh;

import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.metrics.ImageMetrics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Per-image quality metrics on a 28×28 pair (an image and a slightly altered copy). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ImageMetricsBenchmark {

  private byte[] original;
  private byte[] reconstructed;
  private int width;
  private int height;

  @Setup
  public void setUp() {
    ImageSet set = BenchImages.load(2);
    original = set.images()[0];
    reconstructed = original.clone();
    for (int i = 0; i < reconstructed.length; i += 3) {
      reconstructed[i] = (byte) ((reconstructed[i] & 0xFF) ^ 0x15);
    }
    width = set.width();
    height = set.height();
  }

  @Benchmark
  public double mse() {
    return ImageMetrics.mse(original, reconstructed);
  }

  @Benchmark
  public double ssimUniform() {
    return ImageMetrics.ssim(original, reconstructed, width, height);
  }

  @Benchmark
  public double ssimGaussian() {
    return ImageMetrics.ssimGaussian(original, reconstructed, width, height);
  }
}
