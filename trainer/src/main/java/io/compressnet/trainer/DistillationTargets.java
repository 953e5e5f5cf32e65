package io.compressnet.trainer;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.quant.Encoding;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The latents a distilled encoder learns: each training image's latent refined by the teacher
 * bundle's own encoder and {@code LatentRefiner}, the inference path an encoder service with
 * refinement runs, so the targets are exactly what such a service would send before rounding.
 */
final class DistillationTargets {

  /** Images per call: large enough for full passes, small enough for a progress line a minute. */
  private static final int CHUNK = 2048;

  private DistillationTargets() {}

  /**
   * @return one refined latent per training image, in the order of {@code images}
   * @throws IllegalArgumentException if the teacher's input size differs from the images'
   */
  static float[][] compute(
      Path teacherDir, byte[][] images, Distillation distillation, TrainingListener listener) {
    ModelBundle teacher = ModelBundle.load(teacherDir);
    Refinement refinement = Refinement.ofSteps(distillation.steps());
    listener.message(
        String.format(
            "distillation: refining %d training latents with %s through %s",
            images.length, refinement.describe(), teacher.modelId()));
    long start = System.nanoTime();
    float[][] targets = new float[images.length][];
    try (BatchEncoder encoder =
        new BatchEncoder(teacher, Encoding.INT8, BatchEncoder.DEFAULT_PASS_SIZE, refinement)) {
      for (int from = 0; from < images.length; from += CHUNK) {
        int to = Math.min(images.length, from + CHUNK);
        float[][] refined = encoder.encodeFloats(Arrays.asList(images).subList(from, to));
        System.arraycopy(refined, 0, targets, from, refined.length);
        report(listener, to, images.length, start);
      }
    }
    return targets;
  }

  private static void report(TrainingListener listener, int done, int total, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = done / seconds;
    listener.message(
        String.format(
            "distillation: %d/%d latents refined, %.0f images/s, %.1f min left",
            done, total, rate, (total - done) / rate / 60));
  }
}
