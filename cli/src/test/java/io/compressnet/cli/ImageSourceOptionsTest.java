package io.compressnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.compressnet.codec.model.Architecture;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.trainer.TrainOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImageSourceOptionsTest {

  private static final Path SAMPLE = Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz");

  @TempDir Path dir;

  private static TrainOptions parse(String... args) {
    TrainCommand command = new TrainCommand();
    new CommandLine(command).parseArgs(args);
    return command.training.toOptions(Architecture.LITE10, Path.of("out"), null);
  }

  @Test
  void shouldApplyAnExplicitLayoutToIdxSources() throws IOException {
    // Given an IDX file whose name does not say EMNIST
    Path idx = Files.copy(SAMPLE, dir.resolve("letters-images-idx3-ubyte.gz"));
    // When
    TrainOptions byName = parse("--images", idx.toString(), "--output", "out");
    TrainOptions explicit =
        parse("--images", idx.toString(), "--layout", "emnist", "--output", "out");
    // Then
    assertThat(byName.trainImages().get(0).effectiveLayout()).isEqualTo(IdxReader.Layout.ROW_MAJOR);
    assertThat(explicit.trainImages().get(0).effectiveLayout())
        .isEqualTo(IdxReader.Layout.TRANSPOSED);
  }

  @Test
  void shouldRefuseALayoutForAFolderOfPngs() throws IOException {
    writeGrayPngs(dir, SAMPLE, 2);
    assertThatThrownBy(
            () -> parse("--images", dir.toString(), "--layout", "row-major", "--output", "out"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--layout applies to IDX files only");
  }

  @Test
  void shouldRefuseAnUnknownLayoutNamingTheKnownOnes() {
    assertThatThrownBy(
            () -> parse("--images", SAMPLE.toString(), "--layout", "columns", "--output", "out"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("use row-major (MNIST, Fashion-MNIST) or emnist");
  }

  @Test
  void shouldEvaluateAFolderOfPngsExactlyAsTheIdxFileItWasWrittenFrom() throws Exception {
    // Given the first 40 sample images written as grayscale PNGs
    Path pngs = Files.createDirectory(dir.resolve("pngs"));
    writeGrayPngs(pngs, SAMPLE, 40);
    Path fromIdx = dir.resolve("idx.json");
    Path fromPng = dir.resolve("png.json");
    // When both are scored by the shipped model
    InProcessCli cli = new InProcessCli();
    int idxExit =
        cli.run(
            "evaluate",
            "--model",
            "../models/default",
            "--images",
            SAMPLE.toString(),
            "--limit",
            "40",
            "--threads",
            "1",
            "--json",
            fromIdx.toString());
    int pngExit =
        cli.run(
            "evaluate",
            "--model",
            "../models/default",
            "--images",
            pngs.toString(),
            "--threads",
            "1",
            "--json",
            fromPng.toString());
    // Then the figures are the same
    assertThat(idxExit).as(cli.err()).isZero();
    assertThat(pngExit).as(cli.err()).isZero();
    JsonNode a = new ObjectMapper().readTree(fromIdx.toFile());
    JsonNode b = new ObjectMapper().readTree(fromPng.toFile());
    assertThat(b.get("split")).isEqualTo(a.get("split"));
    assertThat(b.get("split").get("images").asInt()).isEqualTo(40);
  }

  private static void writeGrayPngs(Path folder, Path idx, int count) throws IOException {
    ImageSet set = ImageSource.of(idx).readImages(count);
    for (int i = 0; i < set.size(); i++) {
      BufferedImage image =
          new BufferedImage(set.width(), set.height(), BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < set.pixelsPerImage(); p++) {
        image.getRaster().setSample(p % set.width(), p / set.width(), 0, set.images()[i][p] & 0xFF);
      }
      ImageIO.write(image, "png", folder.resolve(String.format("%03d.png", i)).toFile());
    }
  }
}
