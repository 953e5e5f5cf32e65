package io.compressnet.codec.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.codec.bundle.BundleFormatException;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.metrics.ImageMetrics;
import io.compressnet.imaging.metrics.QualityAccumulator;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.imaging.quant.PackedLatent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rate knob: the shipped model's latent grid made coarser, its tables fitted, sent coded. */
class CoarserGridTest {

  private static final Path SAMPLE =
      Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz").toAbsolutePath();
  private static final Path DEFAULT_MODEL = Path.of("../models/default").toAbsolutePath();

  @TempDir static Path dir;
  private static ModelBundle trained;
  private static EntropyTableFit.Result trainedGrid;
  private static EntropyTableFit.Result step8;
  private static ImageSet unseen;

  @BeforeAll
  static void fitBothGrids() throws Exception {
    ImageSet sample = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 2000);
    ImageSet fitOn = sample.slice(0, 1500);
    unseen = sample.slice(1500, 2000);
    trained = ModelBundle.load(DEFAULT_MODEL);
    trainedGrid = EntropyTableFit.fitAndWrite(trained, fitOn, dir.resolve("step1"));
    step8 = EntropyTableFit.fitAndWrite(trained, fitOn, dir.resolve("step8"), 8);
  }

  @Test
  void shouldWriteACoarserBundleWithItsOwnIdNameAndCodedDefault() {
    ModelBundle coarse = step8.bundle();

    assertThat(coarse.modelId())
        .startsWith("emnist-lite10s-32-int8-step8@")
        .isNotEqualTo(trained.modelId())
        .isNotEqualTo(trainedGrid.bundle().modelId());
    assertThat(coarse.manifest().stepMultiplier()).isEqualTo(8);
    assertThat(coarse.defaultEncoding()).isEqualTo(Encoding.INT8_RANGE);
    assertThat(coarse.manifest().evaluation()).isNull();
    assertThat(coarse.rangeCoder()).isPresent();
    float[] fine = trained.quantizer().scale();
    float[] wide = coarse.quantizer().scale();
    for (int d = 0; d < fine.length; d++) {
      assertThat(wide[d]).isEqualTo(fine[d] * 8);
    }
    // the source bundle is untouched and keeps its id
    assertThat(ModelBundle.load(DEFAULT_MODEL).modelId()).isEqualTo(trained.modelId());
  }

  @Test
  void shouldSendFewerBytesForALittleLessQualityOnUnseenImages() {
    // When the same unseen images go through both bundles as an encoder-service sends them
    Sent fine = send(trainedGrid.bundle(), unseen);
    Sent coarse = send(step8.bundle(), unseen);

    // Then the coarse grid's messages are much shorter, and cost well under 1 dB
    assertThat(coarse.meanBytes()).isLessThan(fine.meanBytes() * 0.75);
    assertThat(coarse.quality().aggregatePsnr())
        .isLessThan(fine.quality().aggregatePsnr())
        .isGreaterThan(fine.quality().aggregatePsnr() - 1.0);
  }

  @Test
  void shouldRefuseABundleWhoseCoarserGridWasEdited() throws Exception {
    // Given a copy of the step-8 bundle whose grid was changed by hand
    Path edited = dir.resolve("edited");
    Files.createDirectories(edited);
    for (String file : List.of("encoder.params", "decoder.params", "entropy.bin", "model.json")) {
      Files.copy(step8.bundle().directory().resolve(file), edited.resolve(file));
    }
    String json = Files.readString(edited.resolve("model.json"));
    String firstScale = json.replaceAll("(?s).*\"scale\" : \\[ ([0-9.eE-]+),.*", "$1");
    Files.writeString(
        edited.resolve("model.json"), json.replace("[ " + firstScale + ",", "[ 0.5,"));

    // Then it does not load: the hash covers a coarsened grid
    assertThatThrownBy(() -> ModelBundle.load(edited))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("do not match model.json");
  }

  @Test
  void shouldRefuseToCoarsenABundleInPlace() {
    assertThatThrownBy(() -> trained.withCoarserQuantization(2, DEFAULT_MODEL))
        .hasMessageContaining("needs a new bundle directory");
  }

  private record Sent(double meanBytes, QualityAccumulator quality) {}

  private static Sent send(ModelBundle bundle, ImageSet images) {
    List<byte[]> batch = Arrays.asList(images.images());
    PackedLatent[] messages;
    byte[][] int8;
    try (BatchEncoder encoder = new BatchEncoder(bundle, Encoding.INT8_RANGE)) {
      messages = encoder.encodeMessages(batch);
      int8 = encoder.encode(batch);
    }
    long bytes = 0;
    for (PackedLatent message : messages) {
      bytes += message.bytes().length;
    }
    QualityAccumulator quality = new QualityAccumulator();
    try (BatchDecoder decoder = new BatchDecoder(bundle)) {
      byte[][] rebuilt = decoder.decode(Arrays.asList(int8), Encoding.INT8);
      for (int i = 0; i < rebuilt.length; i++) {
        quality.add(
            ImageMetrics.mse(batch.get(i), rebuilt[i]),
            ImageMetrics.ssim(batch.get(i), rebuilt[i], images.width(), images.height(), 1));
      }
    }
    return new Sent((double) bytes / messages.length, quality);
  }
}
