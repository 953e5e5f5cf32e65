package io.compressnet.imaging.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the fixtures {@code make_image_fixtures.py} made with Pillow: PNG and JPEG directories must
 * give the pixels Pillow decodes, which the script wrote as IDX files and JSON.
 */
class ImageSourceTest {

  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/images");

  @TempDir Path dir;

  @Test
  void shouldReadPngDirectoryToTheSamePixelsAsItsIdxEquivalent() throws IOException {
    // Given 8-bit, 16-bit, palette and R=G=B colour PNGs in two class folders
    ImageSource pngs = ImageSource.of(FIXTURES.resolve("gray"));
    ImageSource idx = ImageSource.of(FIXTURES.resolve("gray-images-idx3-ubyte"));
    // When
    LabelledImages fromPng = pngs.read(0, ReadProgress.NONE);
    LabelledImages fromIdx = idx.read(0, ReadProgress.NONE);
    // Then
    assertThat(fromPng.images().channels()).isEqualTo(1);
    assertThat(fromPng.images().width()).isEqualTo(6);
    assertThat(fromPng.images().height()).isEqualTo(4);
    assertThat(fromPng.images().images()).isDeepEqualTo(fromIdx.images().images());
    assertThat(fromPng.labels()).containsExactly(fromIdx.labels());
    assertThat(fromPng.classNames()).containsExactly("a", "b");
    assertThat(fromPng.labelText(3)).isEqualTo("b");
  }

  @Test
  void shouldReadJpegDirectoryToThePixelsPillowDecodes() throws IOException {
    // Given grayscale JPEGs and the pixels Pillow (libjpeg) decodes from them
    ImageSet jpegs = ImageSource.of(FIXTURES.resolve("jpeg")).readImages(0);
    ImageSet idx = ImageSource.of(FIXTURES.resolve("jpeg-images-idx3-ubyte")).readImages(0);
    // Then
    assertThat(jpegs.channels()).isEqualTo(1);
    assertThat(jpegs.images()).isDeepEqualTo(idx.images());
  }

  @Test
  void shouldReadColourFilesAsInterleavedRgb() throws IOException {
    // Given RGB PNGs and a JPEG with Pillow's decoded values
    JsonNode expected = new ObjectMapper().readTree(FIXTURES.resolve("rgb.json").toFile());
    // When
    ImageSet rgb = ImageSource.of(FIXTURES.resolve("rgb")).readImages(0);
    // Then
    assertThat(rgb.channels()).isEqualTo(3);
    assertThat(rgb.pixelsPerImage()).isEqualTo(6 * 4 * 3);
    List<String> names = new ArrayList<>();
    expected.get("images").fieldNames().forEachRemaining(names::add);
    for (int i = 0; i < names.size(); i++) {
      JsonNode values = expected.get("images").get(names.get(i));
      byte[] want = new byte[values.size()];
      for (int k = 0; k < want.length; k++) {
        want[k] = (byte) values.get(k).asInt();
      }
      assertThat(rgb.images()[i]).as(names.get(i)).containsExactly(want);
    }
  }

  @Test
  void shouldReadOnlyTheFilesAGlobMatches() throws IOException {
    // Given a glob for one class folder
    String glob = FIXTURES.resolve("gray").toString() + "/b/*.png";
    // When
    LabelledImages read = ImageSource.of(glob).read(0, ReadProgress.NONE);
    // Then the two files of b, in path order, unlabelled: they sit directly in the glob's root
    ImageSet all = ImageSource.of(FIXTURES.resolve("gray")).readImages(0);
    assertThat(read.images().images()).isDeepEqualTo(all.slice(2, 4).images());
    assertThat(read.labelled()).isFalse();
  }

  @Test
  void shouldReadEmnistLayoutByFileNameAndRowMajorOtherwise() throws IOException {
    // Given the same column-major bytes under two names: 2 rows x 3 columns in the header
    byte[] file = IdxFiles.images(2, 3, new byte[] {1, 2, 3, 4, 5, 6});
    Path emnist = Files.write(dir.resolve("emnist-x-images-idx3-ubyte"), file);
    Path other = Files.write(dir.resolve("mnist-x-images-idx3-ubyte"), file);
    // When
    ImageSet transposed = ImageSource.of(emnist).readImages(0);
    ImageSet rowMajor = ImageSource.of(other).readImages(0);
    ImageSet forced =
        new ImageSource(other.toString(), IdxReader.Layout.TRANSPOSED, 0).readImages(0);
    // Then EMNIST's file row x is image column x: the image is 2 wide and 3 tall
    assertThat(transposed.width()).isEqualTo(2);
    assertThat(transposed.height()).isEqualTo(3);
    assertThat(transposed.images()[0]).containsExactly(1, 4, 2, 5, 3, 6);
    assertThat(rowMajor.width()).isEqualTo(3);
    assertThat(rowMajor.images()[0]).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(forced.images()[0]).containsExactly(transposed.images()[0]);
  }

  @Test
  void shouldPromoteGrayFilesWhenTheFolderAlsoHoldsColour() throws IOException {
    // Given one gray and one colour PNG of the same size
    writeGray(dir.resolve("0.png"), 0x40);
    writeFilled(dir.resolve("1.png"), BufferedImage.TYPE_INT_RGB, 0x00_ff_00_00);
    // When
    ImageSet set = ImageSource.of(dir).readImages(0);
    // Then both are RGB, the gray one with R = G = B
    assertThat(set.channels()).isEqualTo(3);
    assertThat(set.images()[0]).startsWith((byte) 0x40, (byte) 0x40, (byte) 0x40);
    assertThat(set.images()[1]).startsWith((byte) 0xff, (byte) 0, (byte) 0);
  }

  @Test
  void shouldConvertColourToLumaWhenAskedForOneChannel() throws IOException {
    // Given a pure red PNG
    writeFilled(dir.resolve("red.png"), BufferedImage.TYPE_INT_RGB, 0x00_ff_00_00);
    // When
    ImageSet gray = ImageSource.of(dir).withChannels(1).readImages(0);
    // Then luma = round(0.299 * 255) = 76
    assertThat(gray.channels()).isEqualTo(1);
    assertThat(gray.images()[0][0]).isEqualTo((byte) 76);
  }

  @Test
  void shouldReadASinglePngNamedByARelativePath() throws IOException {
    // Given one fixture file, named relative to the working directory
    Path one = FIXTURES.resolve("gray/a/0-eight-bit.png");
    // When
    ImageSet set = ImageSource.of(one.toString()).readImages(0);
    // Then it is the first image of its folder
    assertThat(set.size()).isEqualTo(1);
    assertThat(set.images()[0])
        .containsExactly(ImageSource.of(FIXTURES.resolve("gray")).readImages(1).images()[0]);
  }

  @Test
  void shouldRefuseImagesOfMixedSizesNamingBoth() throws IOException {
    // Given
    writePng(dir.resolve("a.png"), 4, 4);
    writePng(dir.resolve("b.png"), 8, 4);
    // Then
    assertThatThrownBy(() -> ImageSource.of(dir).readImages(0))
        .isInstanceOf(ImageSourceException.class)
        .hasMessageContaining("b.png is 8x4")
        .hasMessageContaining("a.png is 4x4");
  }

  @Test
  void shouldRefuseAFileThatIsNotAnImage() throws IOException {
    // Given
    writePng(dir.resolve("a.png"), 4, 4);
    Files.writeString(dir.resolve("b.png"), "not a png");
    // Then
    assertThatThrownBy(() -> ImageSource.of(dir).readImages(0))
        .isInstanceOf(ImageSourceException.class)
        .hasMessageContaining("b.png is not a PNG or JPEG image");
  }

  @Test
  void shouldRefuseAnEmptyDirectoryAndAMissingPath() {
    assertThatThrownBy(() -> ImageSource.of(dir).readImages(0))
        .isInstanceOf(ImageSourceException.class)
        .hasMessageContaining("no .png, .jpg or .jpeg files");
    assertThatThrownBy(() -> ImageSource.of(dir.resolve("missing")).readImages(0))
        .isInstanceOf(ImageSourceException.class)
        .hasMessageContaining("no such file or directory");
  }

  @Test
  void shouldRefuseAnIdxLayoutForPngFiles() throws IOException {
    // Given
    writePng(dir.resolve("a.png"), 4, 4);
    ImageSource withLayout = new ImageSource(dir.toString(), IdxReader.Layout.ROW_MAJOR, 0);
    // Then
    assertThatThrownBy(() -> withLayout.readImages(0))
        .isInstanceOf(ImageSourceException.class)
        .hasMessageContaining("--layout applies to IDX files only");
  }

  @Test
  void shouldReportProgressPerImage() throws IOException {
    // Given
    List<String> events = new ArrayList<>();
    ReadProgress progress =
        new ReadProgress() {
          @Override
          public void started(long total) {
            events.add("started " + total);
          }

          @Override
          public void advanced() {
            events.add("advanced");
          }

          @Override
          public void finished() {
            events.add("finished");
          }
        };
    // When
    ImageSource.of(FIXTURES.resolve("jpeg")).read(2, progress);
    // Then
    assertThat(events).containsExactly("started 2", "advanced", "advanced", "finished");
  }

  @Test
  void shouldLabelGlobMatchesBySubfolderOfTheGlobRoot() throws IOException {
    // Given
    String glob = FIXTURES.resolve("gray").toString() + "/*/*.png";
    // When
    LabelledImages read = ImageSource.of(glob).read(0, ReadProgress.NONE);
    // Then
    assertThat(read.images().size()).isEqualTo(4);
    assertThat(read.classNames()).containsExactly("a", "b");
  }

  @Test
  void shouldNameTheDataForModelIds() throws IOException {
    Files.createDirectory(dir.resolve("My Crops_2"));
    assertThat(ImageSource.of(FIXTURES.resolve("gray-images-idx3-ubyte")).datasetName())
        .isEqualTo("images");
    assertThat(
            ImageSource.of(Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz"))
                .datasetName())
        .isEqualTo("emnist");
    assertThat(ImageSource.of(dir.resolve("My Crops_2")))
        .extracting(ImageSource::datasetName)
        .isEqualTo("my-crops-2");
  }

  private static void writePng(Path file, int width, int height) throws IOException {
    ImageIO.write(
        new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png", file.toFile());
  }

  /** Stored gray values (setRGB would convert through Java's linear gray colour space). */
  private static void writeGray(Path file, int value) throws IOException {
    BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        image.getRaster().setSample(x, y, 0, value);
      }
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void writeFilled(Path file, int type, int rgb) throws IOException {
    BufferedImage image = new BufferedImage(2, 2, type);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    ImageIO.write(image, "png", file.toFile());
  }
}
