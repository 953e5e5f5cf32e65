package io.compressnet.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.data.IdxReader;
import io.compressnet.codec.data.ImageSet;
import io.compressnet.codec.data.ImageSource;
import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.codec.quant.Encoding;
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
        new TrainOptions(
            List.of(ImageSource.of(SAMPLE)),
            null,
            0.1,
            dir.resolve("bundle"),
            "smoke",
            Architecture.PIXEL_SHUFFLE,
            8,
            Encoding.INT8,
            3,
            32,
            2e-3f,
            1e-4f,
            5,
            0,
            1.0,
            1200,
            7L,
            1,
            null,
            Autoencoder.QUANTIZATION_STEP);
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
        new TrainOptions(
            List.of(ImageSource.of(SAMPLE)),
            null,
            0.1,
            dir.resolve("first"),
            "first",
            Architecture.PIXEL_SHUFFLE,
            8,
            Encoding.INT8,
            2,
            32,
            2e-3f,
            1e-4f,
            5,
            0,
            1.0,
            800,
            7L,
            1,
            null,
            Autoencoder.QUANTIZATION_STEP);
    TrainResult trained = new Training(first, new TrainingListener() {}).run();
    double trainedLoss = trained.history().get(trained.bestEpoch() - 1).validationLoss();
    // When training continues from it with a learning rate too small to move the weights much
    TrainOptions next =
        new TrainOptions(
            List.of(ImageSource.of(SAMPLE)),
            null,
            0.1,
            dir.resolve("next"),
            "next",
            Architecture.PIXEL_SHUFFLE,
            8,
            Encoding.INT8,
            1,
            32,
            1e-6f,
            1e-6f,
            5,
            0,
            1.0,
            800,
            7L,
            1,
            dir.resolve("first"),
            Autoencoder.QUANTIZATION_STEP);
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
}
