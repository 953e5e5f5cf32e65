package io.compressnet.imaging.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir Path dir;

  /** Two 2x3 images (rows x cols in the file header: height 2, width 3). */
  private static byte[] imagesFile(int magic, int declared, int count) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(declared);
    out.writeInt(2); // rows
    out.writeInt(3); // columns
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < 6; p++) {
        out.writeByte(10 * i + p);
      }
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] content, boolean gzip) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
      out.write(content);
    }
    return file;
  }

  @Test
  void shouldReadPlainRowMajorImages() throws IOException {
    // Given
    Path file = write("a-images-idx3-ubyte", imagesFile(0x803, 2, 2), false);
    // When
    ImageSet set = IdxReader.readImages(file, IdxReader.Layout.ROW_MAJOR, 0);
    // Then
    assertThat(set.width()).isEqualTo(3);
    assertThat(set.height()).isEqualTo(2);
    assertThat(set.images())
        .isDeepEqualTo(new byte[][] {{0, 1, 2, 3, 4, 5}, {10, 11, 12, 13, 14, 15}});
  }

  @Test
  void shouldTransposeEmnistLayoutFromGzip() throws IOException {
    // Given a gzip file whose images are stored column-major (file rows are image columns)
    Path file = write("b-images-idx3-ubyte.gz", imagesFile(0x803, 2, 2), true);
    // When
    ImageSet set = IdxReader.readImages(file, IdxReader.Layout.TRANSPOSED, 1);
    // Then: a 2-wide, 3-tall image read back row-major
    assertThat(set.size()).isEqualTo(1);
    assertThat(set.images()[0]).containsExactly(0, 3, 1, 4, 2, 5);
  }

  @Test
  void shouldRefuseWrongMagicNumberWithClearMessage() throws IOException {
    Path file = write("c-images", imagesFile(0x801, 2, 2), false);
    assertThatThrownBy(() -> IdxReader.readImages(file, IdxReader.Layout.ROW_MAJOR, 0))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("not an IDX image file")
        .hasMessageContaining("0x00000801");
  }

  @Test
  void shouldReportTruncatedFile() throws IOException {
    Path file = write("d-images", imagesFile(0x803, 5, 2), false);
    assertThatThrownBy(() -> IdxReader.readImages(file, IdxReader.Layout.ROW_MAJOR, 0))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining("declares 5 items but the data ends at item 2");
  }

  @Test
  void shouldReadLabelsAndFindTheirFile() throws IOException {
    Path labels =
        write("e-labels-idx1-ubyte", new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 7, 0, (byte) 200}, false);
    assertThat(IdxReader.readLabels(labels, 0)).containsExactly(7, 0, 200);
    assertThat(IdxReader.labelsFileFor(dir.resolve("x-images-idx3-ubyte.gz")))
        .isEqualTo(dir.resolve("x-labels-idx1-ubyte.gz"));
  }

  @Test
  void shouldReadTheCommittedSample() throws IOException {
    ImageSet sample =
        IdxReader.readImages(
            Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz"),
            IdxReader.Layout.TRANSPOSED,
            0);
    assertThat(sample.size()).isEqualTo(2000);
    assertThat(sample.width()).isEqualTo(28);
    assertThat(sample.height()).isEqualTo(28);
  }
}
