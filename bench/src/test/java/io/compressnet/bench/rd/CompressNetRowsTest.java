package io.compressnet.bench.rd;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.trainer.Evaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The CompressNet rows of {@code bench rd}: which of them a message carries, and at what size. */
class CompressNetRowsTest {

  private static final Path SAMPLE = Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz");
  private static final Path MODELS = Path.of("../models");

  @Test
  void shouldScoreARangeCodedBundleAtTheMeanSizeOfTheMessagesItsEncoderSends() throws IOException {
    // Given the shipped bundle that sends INT8_RANGE with its own tables, and a few images
    ModelBundle bundle = ModelBundle.load(MODELS.resolve("default-step8"));
    ImageSet images = sample();

    // When its rows are measured (no fitting images: no rows with tables of their own)
    List<RdPoint> rows = rowsOf(bundle, images);

    // Then one row is its INT8_RANGE messages, at their mean payload, per message
    RdPoint asSent = onlyRow(rows, bundle.modelId() + " INT8_RANGE");
    double sentBytes =
        Evaluation.run(bundle, images, "sample", Encoding.INT8_RANGE, Refinement.NONE)
            .split()
            .meanMessageBytes();
    assertThat(asSent.bytesPerImage()).isEqualTo(sentBytes).isLessThan(32.0);
    assertThat(asSent.maxBytes()).isEqualTo(32);
    assertThat(asSent.perMessage()).isTrue();
    assertThat(asSent.series()).isEqualTo(RdSummary.COMPRESSNET);
  }

  @Test
  void shouldLeaveOutTheRangeCodedRowOfABundleWithoutTables() throws IOException {
    // Given the fixed-length default, which carries no tables
    ModelBundle bundle = ModelBundle.load(MODELS.resolve("default"));

    // When its rows are measured
    List<RdPoint> rows = rowsOf(bundle, sample());

    // Then it has its three fixed-length rows and no INT8_RANGE one
    assertThat(rows)
        .extracting(RdPoint::setting)
        .containsExactly(
            bundle.modelId() + " INT8",
            bundle.modelId() + " FLOAT16",
            bundle.modelId() + " FLOAT32");
  }

  private static List<RdPoint> rowsOf(ModelBundle bundle, ImageSet images) {
    return new CompressNetRows(images, "sample", null, Refinement.NONE, UnaryOperator.identity())
        .measure(bundle);
  }

  private static RdPoint onlyRow(List<RdPoint> rows, String setting) {
    List<RdPoint> matching = rows.stream().filter(r -> r.setting().equals(setting)).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }

  private static ImageSet sample() throws IOException {
    return IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 40);
  }
}
