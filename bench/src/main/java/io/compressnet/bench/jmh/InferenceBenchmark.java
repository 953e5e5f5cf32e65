package io.compressnet.bench.jmh;

import io.compressnet.bench.Network;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.streams.InferenceDefaults;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code BatchEncoder} / {@code BatchDecoder} (as {@link Network}) on one call of {@code batch}
 * images, with {@code passSize} rows of the largest forward pass (the services ask for 16, with
 * smaller passes for short remainders where they agree bit for bit), one PyTorch thread as in the
 * services. The score is time per call; divide by {@code batch} for time per image. The model is
 * {@code -p model=DIR} (default {@code models/default}); {@code -p refineSteps=0,1,4} times the
 * encoder with encoder refinement (docs/refinement.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InferenceBenchmark {

  @Param({"models/default"})
  public String model;

  @Param({"1", "64"})
  public int batch;

  @Param({"16"})
  public int passSize;

  @Param({"0"})
  public int refineSteps;

  private Network network;
  private List<byte[]> images;
  private List<byte[]> latents;

  @Setup
  public void setUp() {
    InferenceDefaults.apply(); // before the engine loads: offline, one intra-op thread
    network =
        new Network(ModelBundle.load(Path.of(model)), passSize, Refinement.ofSteps(refineSteps));
    ImageSet set = BenchImages.load(batch);
    images = Arrays.asList(set.images()).subList(0, batch);
    latents = Arrays.asList(network.encode(images));
  }

  @Benchmark
  public byte[][] encode() {
    return network.encode(images);
  }

  @Benchmark
  public byte[][] decode() {
    return network.decode(latents);
  }

  @TearDown
  public void tearDown() {
    network.close();
  }
}
