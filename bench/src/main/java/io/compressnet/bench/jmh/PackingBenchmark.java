package io.compressnet.bench.jmh;

import io.compressnet.imaging.quant.AffineInt8Quantizer;
import io.compressnet.imaging.quant.Float16Packer;
import io.compressnet.imaging.quant.LatentPacker;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Packing one latent vector into message bytes and back, INT8 (affine) and FLOAT16. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PackingBenchmark {

  @Param({"INT8", "FLOAT16"})
  public String encoding;

  @Param({"32"})
  public int dims;

  private LatentPacker packer;
  private float[] latent;
  private byte[] packed;

  @Setup
  public void setUp() {
    Random random = new Random(7);
    latent = new float[dims];
    for (int i = 0; i < dims; i++) {
      latent[i] = random.nextFloat() * 2 - 1; // tanh range, as the encoder emits
    }
    if (encoding.equals("INT8")) {
      float[] min = new float[dims];
      float[] scale = new float[dims];
      Arrays.fill(min, -1f);
      Arrays.fill(scale, 2f / 255f);
      packer = new AffineInt8Quantizer(min, scale);
    } else {
      packer = new Float16Packer(dims);
    }
    packed = packer.pack(latent);
  }

  @Benchmark
  public byte[] pack() {
    return packer.pack(latent);
  }

  @Benchmark
  public float[] unpack() {
    return packer.unpack(packed);
  }
}
