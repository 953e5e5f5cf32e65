package io.compressnet.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.imaging.quant.Encoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few hundred optimizer steps on the committed sample: the loss must go down. */
class TrainingSmokeTest {

  static final Path SAMPLE = Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz");

  @TempDir Path dir;

  @Test
  void shouldLowerTheLossAndWriteALoadableBundleWithReports() throws IOException {
    // Given 1,200 sample images, 8 latent dims, 3 short epochs
    TrainOptions options =
        TrainOptions.builder(List.of(ImageSource.of(SAMPLE)), dir.resolve("bundle"))
            .validationFraction(0.1)
            .name("smoke")
            .architecture(Architecture.PIXEL_SHUFFLE)
            .latentDims(8)
            .epochs(3)
            .batchSize(32)
            .learningRate(2e-3f)
            .minLearningRate(1e-4f)
            .patience(5)
            .limit(1200)
            .seed(7L)
            .threads(1)
            .build();
    List<Double> reported = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void epochFinished(EpochStats stats, boolean best) {
            reported.add(stats.validationLoss());
          }
        };
    // When
    TrainWorkflow.Outcome outcome = TrainWorkflow.run(options, ImageSource.of(SAMPLE), listener);
    // Then the held-out loss fell epoch over epoch, far below the untrained level
    List<EpochStats> history = outcome.training().history();
    assertThat(history).hasSize(3);
    assertThat(history.get(2).validationLoss()).isLessThan(history.get(0).validationLoss());
    assertThat(history.get(2).trainLoss()).isLessThan(history.get(0).trainLoss());
    assertThat(history.get(2).validationLoss()).isLessThan(0.09);
    assertThat(reported).hasSize(3);
    // and the bundle loads back with its figures and reports beside it
    ModelBundle bundle = ModelBundle.load(dir.resolve("bundle"));
    assertThat(bundle.modelId()).startsWith("smoke@");
    assertThat(bundle.manifest().evaluation()).containsKey("split");
    assertThat(bundle.quantizer().dims()).isEqualTo(8);
    for (String file : List.of("metrics.json", "loss-curve.png", "reconstructions.png")) {
      assertThat(Files.size(dir.resolve("bundle").resolve(file))).isPositive();
    }
    // and the split path at FLOAT32 scores the same as the in-memory autoencoder
    ImageSet images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 200);
    Evaluation.Report exact = Evaluation.run(bundle, images, "sample", Encoding.FLOAT32);
    assertThat(exact.split().meanMse()).isEqualTo(exact.autoencoder().meanMse());
    Evaluation.Report int8 = Evaluation.run(bundle, images, "sample", Encoding.INT8);
    assertThat(int8.split().bytesPerImage()).isEqualTo(8);
    assertThat(int8.split().meanMse())
        .isCloseTo(int8.autoencoder().meanMse(), org.assertj.core.api.Assertions.within(0.002));
  }

  @Test
  void shouldContinueFromTheWeightsOfAnInitBundle() throws IOException {
    // Given a bundle trained for two epochs
    TrainOptions first =
        TrainOptions.builder(List.of(ImageSource.of(SAMPLE)), dir.resolve("first"))
            .validationFraction(0.1)
            .name("first")
            .architecture(Architecture.PIXEL_SHUFFLE)
            .latentDims(8)
            .epochs(2)
            .batchSize(32)
            .learningRate(2e-3f)
            .minLearningRate(1e-4f)
            .patience(5)
            .limit(800)
            .seed(7L)
            .threads(1)
            .build();
    TrainResult trained = new Training(first, new TrainingListener() {}).run();
    double trainedLoss = trained.history().get(trained.bestEpoch() - 1).validationLoss();
    // When training continues from it with a learning rate too small to move the weights much
    TrainOptions next =
        TrainOptions.builder(List.of(ImageSource.of(SAMPLE)), dir.resolve("next"))
            .validationFraction(0.1)
            .name("next")
            .architecture(Architecture.PIXEL_SHUFFLE)
            .latentDims(8)
            .epochs(1)
            .batchSize(32)
            .learningRate(1e-6f)
            .minLearningRate(1e-6f)
            .patience(5)
            .limit(800)
            .seed(7L)
            .threads(1)
            .initFrom(dir.resolve("first"))
            .build();
    TrainResult continued = new Training(next, new TrainingListener() {}).run();
    // and, for contrast, the same run from a fresh initialization
    TrainResult fresh =
        new Training(
                next.withDesign(Architecture.PIXEL_SHUFFLE, dir.resolve("fresh")).withoutInit(),
                new TrainingListener() {})
            .run();
    // Then its first epoch already scores like the trained model, far from a fresh start
    assertThat(continued.history().get(0).validationLoss())
        .isCloseTo(trainedLoss, org.assertj.core.api.Assertions.within(trainedLoss * 0.05));
    assertThat(fresh.history().get(0).validationLoss()).isGreaterThan(trainedLoss * 1.2);
  }

  @Test
  void shouldTrainAnRgbModelOnAFolderOfPngsNamedAfterTheFolder() throws IOException {
    // Given 96 colour 12x8 PNGs in two class folders under "my-crops"
    Path folder = dir.resolve("my-crops");
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 96; i++) {
      Path classDir = Files.createDirectories(folder.resolve(i % 2 == 0 ? "red" : "blue"));
      java.awt.image.BufferedImage image =
          new java.awt.image.BufferedImage(12, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
      int tint = i % 2 == 0 ? 0xc01010 : 0x1010c0;
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 12; x++) {
          image.setRGB(x, y, (x + y + random.nextInt(3)) % 4 < 2 ? tint : 0x202020);
        }
      }
      javax.imageio.ImageIO.write(
          image, "png", classDir.resolve(String.format("%03d.png", i)).toFile());
    }
    TrainOptions options =
        TrainOptions.defaults(List.of(ImageSource.of(folder)), dir.resolve("rgb"))
            .withDesign(Architecture.LITE3, dir.resolve("rgb"));
    options =
        TrainOptions.builder(options.trainImages(), options.output())
            .validationFraction(0.25)
            .architecture(Architecture.LITE3)
            .latentDims(8)
            .epochs(2)
            .batchSize(16)
            .learningRate(2e-3f)
            .minLearningRate(1e-4f)
            .patience(5)
            .limit(0)
            .seed(7L)
            .threads(1)
            .build();
    // When
    TrainWorkflow.Outcome outcome = TrainWorkflow.run(options, null, new TrainingListener() {});
    // Then an RGB bundle of the images' size, named after the folder
    ModelBundle bundle = ModelBundle.load(dir.resolve("rgb"));
    assertThat(bundle.spec().channels()).isEqualTo(3);
    assertThat(bundle.spec().width()).isEqualTo(12);
    assertThat(bundle.spec().height()).isEqualTo(8);
    assertThat(bundle.modelId()).startsWith("my-crops-lite3-8-int8@");
    assertThat(outcome.training().history()).hasSize(2);
    assertThat(Files.size(dir.resolve("rgb").resolve("reconstructions.png"))).isPositive();
  }

  @Test
  void shouldTrainOnlyTheEncoderForATakenDecoderAndKeepItByteForByte() throws IOException {
    // Given a lite10 bundle (untrained weights are enough: only where they end up matters)
    ModelBundle source = untrainedLite10("lite10", "source-lite10-8-int8");
    // When the larger-encoder design trains one short epoch for its decoder
    TrainOptions options = wideEncoderFor(source.directory(), 300);
    new Training(options, new TrainingListener() {}).run();
    // Then every decoder weight of the new bundle is the source's, value for value (the files
    // differ only in the input shape DJL records), and its encoder is the new design's
    ModelBundle wide = ModelBundle.load(dir.resolve("wide"));
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      var taken = wide.newDecoderBlock(m).getParameters();
      var original = source.newDecoderBlock(m).getParameters();
      assertThat(taken.size()).isEqualTo(original.size()).isPositive();
      for (int i = 0; i < taken.size(); i++) {
        float[] a = taken.get(i).getValue().getArray().toFloatArray();
        float[] b = original.get(i).getValue().getArray().toFloatArray();
        assertThat(java.util.Arrays.equals(a, b)).as(taken.get(i).getKey()).isTrue();
      }
    }
    assertThat(wide.spec().architecture()).isEqualTo(Architecture.LITE10_WIDE_ENCODER);
    assertThat(wide.manifest().training()).containsEntry("decoderFrom", "lite10");
  }

  @Test
  void shouldRefuseToTakeTheDecoderOfAnotherDesign() {
    ModelBundle ps =
        io.compressnet.codec.inference.UntrainedBundles.create(
            dir.resolve("ps"), "source-ps8-int8", 8, "INT8");
    TrainOptions options = wideEncoderFor(ps.directory(), 100);
    assertThatThrownBy(() -> new Training(options, new TrainingListener() {}).run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot take the decoder of " + ps.modelId());
  }

  @Test
  void shouldTrainForARateIntoABundleThatSendsCodedLatentsOnTheNoiseGrid() throws IOException {
    // Given two epochs of pixel-shuffle with a rate term, noise of 4 full-range INT8 steps
    float noise = 4 * Autoencoder.QUANTIZATION_STEP;
    TrainOptions options =
        TrainOptions.builder(List.of(ImageSource.of(SAMPLE)), dir.resolve("rate"))
            .validationFraction(0.1)
            .name("rate")
            .architecture(Architecture.PIXEL_SHUFFLE)
            .latentDims(8)
            .epochs(2)
            .batchSize(32)
            .learningRate(2e-3f)
            .minLearningRate(1e-4f)
            .patience(5)
            .limit(800)
            .seed(7L)
            .threads(1)
            .latentNoise(noise)
            .rateWeight(0.01f)
            .build();

    // When
    TrainResult result = new Training(options, new TrainingListener() {}).run();

    // Then the bundle's grid has the noise's step, it has tables and sends INT8_RANGE
    ModelBundle bundle = result.bundle();
    assertThat(bundle.defaultEncoding()).isEqualTo(Encoding.INT8_RANGE);
    assertThat(bundle.rangeCoder()).isPresent();
    assertThat(((Number) bundle.manifest().training().get("rateWeight")).doubleValue())
        .isCloseTo(0.01, org.assertj.core.api.Assertions.within(1e-6));
    for (float step : bundle.quantizer().scale()) {
      assertThat(step).isGreaterThanOrEqualTo(noise);
    }
    assertThat(result.history()).allSatisfy(e -> assertThat(e.trainLoss()).isFinite());
  }

  @Test
  void shouldMoveTheEncoderTowardsTheRefinedLatentsWhenDistilling() throws IOException {
    // Given an untrained lite10 teacher and its refined latents of 300 sample images
    ModelBundle teacher = untrainedLite10("teacher", "teacher-lite10-8-int8");
    byte[][] images = sampleImages(300);
    Distillation distillation = new Distillation(2, 100f);
    float[][] targets =
        DistillationTargets.compute(
            teacher.directory(), images, distillation, new TrainingListener() {});

    // When the same short encoder-only run is made with and without the distillation term
    TrainOptions plain = studentOf(teacher.directory(), dir.resolve("plain"), Distillation.NONE);
    TrainOptions distilled =
        plain.toBuilder().output(dir.resolve("distilled")).distillation(distillation).build();
    new Training(plain, new TrainingListener() {}).run();
    new Training(distilled, new TrainingListener() {}).run();

    // Then the distilled encoder's latents are nearer the refined ones, and the manifest says how
    double plainDistance = meanSquaredDistance(dir.resolve("plain"), images, targets);
    double distilledDistance = meanSquaredDistance(dir.resolve("distilled"), images, targets);
    assertThat(distilledDistance).isLessThan(plainDistance * 0.8);
    assertThat(ModelBundle.load(dir.resolve("distilled")).manifest().training())
        .containsEntry("distillSteps", 2);
  }

  @Test
  void shouldNotDistilWithoutATeacher() {
    assertThatThrownBy(
            () ->
                TrainOptions.builder(List.of(ImageSource.of(SAMPLE)), dir)
                    .distillation(new Distillation(4, 1f))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--decoder-from");
  }

  /** An untrained lite10 bundle of 8 latent dims, INT8, in {@code dir/subdir}. */
  private ModelBundle untrainedLite10(String subdir, String name) {
    return io.compressnet.codec.inference.UntrainedBundles.create(
        dir.resolve(subdir),
        name,
        io.compressnet.codec.model.ModelSpec.emnist(Architecture.LITE10, 8),
        "INT8");
  }

  /** Two short epochs of a lite10 encoder from the teacher's weights, for its fixed decoder. */
  private static TrainOptions studentOf(Path teacher, Path output, Distillation distillation) {
    return TrainOptions.builder(List.of(ImageSource.of(SAMPLE)), output)
        .validationFraction(0.1)
        .architecture(Architecture.LITE10)
        .latentDims(8)
        .epochs(2)
        .batchSize(32)
        .learningRate(2e-3f)
        .patience(5)
        .limit(300)
        .seed(7L)
        .threads(1)
        .initFrom(teacher)
        .decoderFrom(teacher)
        .distillation(distillation)
        .build();
  }

  private static byte[][] sampleImages(int count) throws IOException {
    return IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, count).images();
  }

  /** Mean squared distance between a bundle's plain latents of the images and the targets. */
  private static double meanSquaredDistance(Path bundleDir, byte[][] images, float[][] targets) {
    try (io.compressnet.codec.inference.BatchEncoder encoder =
        new io.compressnet.codec.inference.BatchEncoder(
            ModelBundle.load(bundleDir), Encoding.INT8)) {
      float[][] latents = encoder.encodeFloats(List.of(images));
      double sum = 0;
      int count = 0;
      for (int i = 0; i < latents.length; i++) {
        for (int d = 0; d < latents[i].length; d++) {
          double delta = latents[i][d] - targets[i][d];
          sum += delta * delta;
          count++;
        }
      }
      return sum / count;
    }
  }

  /** One short epoch of lite10e on the first {@code limit} sample images, for a taken decoder. */
  private TrainOptions wideEncoderFor(Path decoderFrom, int limit) {
    return TrainOptions.builder(List.of(ImageSource.of(SAMPLE)), dir.resolve("wide"))
        .validationFraction(0.1)
        .name("wide")
        .architecture(Architecture.LITE10_WIDE_ENCODER)
        .latentDims(8)
        .epochs(1)
        .batchSize(32)
        .learningRate(2e-3f)
        .minLearningRate(1e-4f)
        .patience(5)
        .limit(limit)
        .seed(7L)
        .threads(1)
        .decoderFrom(decoderFrom)
        .build();
  }
}
