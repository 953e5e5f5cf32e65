package io.compressnet.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.imaging.quant.PackedLatent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The split-path figures of {@link Evaluation} are those of the services' messages: recomputed here
 * from {@link BatchEncoder#encodeMessages} and {@link BatchDecoder#decode}, one message at a time
 * as a decoder-service may see them, with the MSE summed in the test itself.
 */
class EvaluationTest {

  private static final Path SAMPLE = Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz");
  private static final Path MODELS = Path.of("../models");

  /** Two full passes of 16 and a padded remainder of 8. */
  private static final int IMAGES = 40;

  @Test
  void shouldScoreTheInt8SplitPathAsTheServicesMessagesDecode() throws IOException {
    // Given the shipped INT8 model and a few sample images
    ModelBundle bundle = ModelBundle.load(MODELS.resolve("default"));
    ImageSet images = sample();

    // When the evaluation scores it on its default encoding
    Evaluation.PathScores split = Evaluation.run(bundle, images, "sample", Encoding.INT8).split();

    // Then its figures are those of the messages the services exchange
    Figures expected = throughServices(bundle, images, Encoding.INT8);
    assertThat(expected.meanMessageBytes()).isEqualTo(32.0);
    assertSameFigures(split, expected);
  }

  @Test
  void shouldScoreARangeCodedSplitPathOnTheInt8CodesItsMessagesCarry() throws IOException {
    // Given the shipped model on the 8x coarser grid, whose messages are range-coded
    ModelBundle bundle = ModelBundle.load(MODELS.resolve("default-step8"));
    ImageSet images = sample();

    // When the evaluation scores it as INT8_RANGE
    Evaluation.PathScores split =
        Evaluation.run(bundle, images, "sample", Encoding.INT8_RANGE).split();

    // Then its figures are those of the coded messages, decoded from their INT8 codes
    Figures expected = throughServices(bundle, images, Encoding.INT8_RANGE);
    assertThat(expected.meanMessageBytes()).isLessThan(32.0);
    assertSameFigures(split, expected);
  }

  private static ImageSet sample() throws IOException {
    return IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, IMAGES);
  }

  /** What the test computes itself from the services' classes. */
  private record Figures(long images, double meanMse, double meanMessageBytes) {
    double aggregatePsnr() {
      return 10 * Math.log10(1 / meanMse);
    }
  }

  private static void assertSameFigures(Evaluation.PathScores split, Figures expected) {
    assertThat(split.images()).isEqualTo(expected.images());
    assertThat(split.bytesPerImage()).isEqualTo(32);
    assertThat(split.meanMessageBytes()).isEqualTo(expected.meanMessageBytes());
    // Only the order of summation may differ.
    assertThat(split.meanMse()).isCloseTo(expected.meanMse(), within(1e-12));
    assertThat(split.aggregatePsnr()).isCloseTo(expected.aggregatePsnr(), within(1e-9));
  }

  /**
   * Encodes the images to messages as an encoder-service does, decodes each message on its own as a
   * decoder-service does (INT8_RANGE range-decoded to INT8 codes, then decoded as INT8), and scores
   * the decoded bytes.
   */
  private static Figures throughServices(ModelBundle bundle, ImageSet images, Encoding encoding) {
    List<byte[]> originals = Arrays.asList(images.images());
    double mseSum = 0;
    long bytes = 0;
    try (BatchEncoder encoder = new BatchEncoder(bundle, encoding);
        BatchDecoder decoder = new BatchDecoder(bundle)) {
      PackedLatent[] messages = encoder.encodeMessages(originals);
      for (int i = 0; i < messages.length; i++) {
        PackedLatent message = messages[i];
        bytes += message.bytes().length;
        byte[] codes =
            message.encoding() == Encoding.INT8_RANGE
                ? bundle.requireRangeCoder().decode(message.bytes())
                : message.bytes();
        byte[] rebuilt = decoder.decode(List.of(codes), message.encoding().uncoded())[0];
        mseSum += mse(originals.get(i), rebuilt);
      }
    }
    int n = originals.size();
    return new Figures(n, mseSum / n, (double) bytes / n);
  }

  /** Mean squared error of two 8-bit images, pixels scaled to [0, 1]. */
  private static double mse(byte[] a, byte[] b) {
    assertThat(b).hasSameSizeAs(a);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = ((a[i] & 0xFF) - (b[i] & 0xFF)) / 255.0;
      sum += d * d;
    }
    return sum / a.length;
  }
}
