package io.compressnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.trainer.TrainOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainingOptionsMixinTest {

  private static TrainOptions parse(String... extra) {
    TrainCommand command = new TrainCommand();
    String[] args = new String[extra.length + 4];
    args[0] = "--images";
    args[1] = "train.gz";
    args[2] = "--output";
    args[3] = "out";
    System.arraycopy(extra, 0, args, 4, extra.length);
    new CommandLine(command).parseArgs(args);
    return command.training.toOptions(Architecture.LITE10, Path.of("out"), null);
  }

  @Test
  void shouldTrainWithOneFullRangeInt8StepOfNoiseByDefault() {
    assertThat(parse().latentNoise()).isEqualTo(Autoencoder.QUANTIZATION_STEP);
  }

  @Test
  void shouldScaleTheLatentNoiseInInt8StepsOfTheFullRange() {
    // Given half a step: 1/255
    TrainOptions options = parse("--latent-noise", "0.5");

    // Then
    assertThat((double) options.latentNoise())
        .isCloseTo(1.0 / 255, org.assertj.core.data.Offset.offset(1e-7));
    assertThat(options.withoutInit().latentNoise()).isEqualTo(options.latentNoise());
  }

  @Test
  void shouldRefuseANegativeLatentNoise() {
    assertThatThrownBy(() -> parse("--latent-noise", "-1"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--latent-noise must be 0 or more");
  }

  @Test
  void shouldTakeARateWeightAndRefuseOneWithoutNoise() {
    assertThat(parse().rateWeight()).isZero();
    assertThat(parse("--rate-weight", "0.01").rateWeight()).isEqualTo(0.01f);
    assertThatThrownBy(() -> parse("--rate-weight", "-0.1"))
        .hasMessageContaining("--rate-weight must be 0 or more");
    assertThatThrownBy(() -> parse("--rate-weight", "0.01", "--latent-noise", "0"))
        .hasMessageContaining("--rate-weight needs --latent-noise above 0");
  }

  @Test
  void shouldLetTheTimeBudgetDecideTheEpochsUnlessTheyAreGiven() {
    assertThat(parse().epochs()).isEqualTo(30);
    assertThat(parse("--max-minutes", "5").epochs())
        .isEqualTo(TrainingOptionsMixin.EPOCHS_WITHIN_BUDGET);
    assertThat(parse("--max-minutes", "5", "--epochs", "12").epochs()).isEqualTo(12);
  }
}
