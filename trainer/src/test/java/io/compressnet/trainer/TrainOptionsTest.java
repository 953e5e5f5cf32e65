package io.compressnet.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.imaging.quant.Encoding;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainOptionsTest {

  private static final List<ImageSource> IMAGES = List.of(ImageSource.of(Path.of("a.idx")));

  @Test
  void shouldStartFromTheDocumentedDefaults() {
    // When
    TrainOptions options = TrainOptions.builder(IMAGES, Path.of("out")).build();

    // Then
    assertThat(options.architecture()).isEqualTo(Architecture.LITE10);
    assertThat(options.latentDims()).isEqualTo(32);
    assertThat(options.encoding()).isEqualTo(Encoding.INT8);
    assertThat(options.batchSize()).isEqualTo(128);
    assertThat(options.learningRate()).isEqualTo(2e-3f);
    assertThat(options.validationFraction()).isEqualTo(0.05);
    assertThat(options.latentNoise()).isEqualTo(Autoencoder.QUANTIZATION_STEP);
    assertThat(options.rateWeight()).isZero();
    assertThat(options.augmentation()).isZero();
    assertThat(options.initFrom()).isNull();
  }

  @Test
  void shouldKeepEveryValueThroughToBuilder() {
    // Given options with values that differ from the defaults
    TrainOptions options =
        TrainOptions.builder(IMAGES, Path.of("out"))
            .name("n")
            .architecture(Architecture.LITE10_SMALL_ENCODER)
            .latentDims(16)
            .epochs(3)
            .seed(9L)
            .initFrom(Path.of("init"))
            .decoderFrom(Path.of("dec"))
            .rateWeight(0.01f)
            .augmentation(0.5)
            .build();

    // When / Then
    assertThat(options.toBuilder().build()).isEqualTo(options);
  }

  @Test
  void shouldKeepDistillationThroughToBuilder() {
    // Given
    TrainOptions options =
        TrainOptions.builder(IMAGES, Path.of("out"))
            .decoderFrom(Path.of("teacher"))
            .distillation(new Distillation(4, 0.3f))
            .build();

    // When / Then
    assertThat(options.toBuilder().build()).isEqualTo(options);
    assertThat(TrainOptions.builder(IMAGES, Path.of("out")).build().distillation())
        .isEqualTo(Distillation.NONE);
  }

  @Test
  void shouldRefuseDistillationWithAugmentation() {
    // Given distortions of the images whose undistorted latents are the targets
    TrainOptions.Builder builder =
        TrainOptions.builder(IMAGES, Path.of("out"))
            .decoderFrom(Path.of("teacher"))
            .augmentation(0.5)
            .distillation(new Distillation(4, 1f));

    // When / Then
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("augmentation");
  }

  @Test
  void shouldRefuseDistillationWithoutStepsOrWeight() {
    assertThatThrownBy(() -> new Distillation(-1, 1f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("steps");
    assertThatThrownBy(() -> new Distillation(4, 0f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weight");
  }

  @Test
  void shouldDropOnlyTheInitWithoutInit() {
    // Given
    TrainOptions options =
        TrainOptions.builder(IMAGES, Path.of("out")).initFrom(Path.of("init")).epochs(7).build();

    // When
    TrainOptions fresh = options.withoutInit();

    // Then
    assertThat(fresh.initFrom()).isNull();
    assertThat(fresh.toBuilder().initFrom(Path.of("init")).build()).isEqualTo(options);
  }
}
