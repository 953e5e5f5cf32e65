package io.compressnet.bench.rd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.compressnet.bench.rd.ImageCodec.Framing;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.metrics.ImageMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClassicalCodecsTest {

  private static final Path SAMPLE = Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz");
  private static ImageSet images;

  @BeforeAll
  static void loadSample() throws Exception {
    images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 6);
  }

  private static double channelMean(byte[] interleaved, int channel) {
    double sum = 0;
    for (int i = channel; i < interleaved.length; i += 3) {
      sum += interleaved[i] & 0xFF;
    }
    return sum / (interleaved.length / 3);
  }

  private static double psnr(ImageCodec codec, byte[] image) {
    byte[] back = codec.decode(codec.encode(image, 28, 28, 1), 28, 28, 1);
    return ImageMetrics.psnr(ImageMetrics.mse(image, back));
  }

  @Test
  void shouldEncodeEverySettingInColourAndKeepTheChannelsApart() {
    // Given an RGB image: the sample's strokes in red, their negative in green, flat blue
    byte[] gray = images.images()[0];
    byte[] rgb = new byte[gray.length * 3];
    for (int i = 0; i < gray.length; i++) {
      rgb[3 * i] = gray[i];
      rgb[3 * i + 1] = (byte) (255 - (gray[i] & 0xFF));
      rgb[3 * i + 2] = (byte) 90;
    }
    for (List<ImageCodec> family : ClassicalCodecs.all().values()) {
      for (ImageCodec codec : family) {
        // When
        byte[] decoded = codec.decode(codec.encode(rgb, 28, 28, 3), 28, 28, 3);
        // Then three interleaved channels come back: exact for lossless codecs; at the best lossy
        // settings each channel keeps its own mean level (about 30, 225 and 90 here), which
        // swapped or merged channels would not (WebP and JPEG subsample the colour, so the
        // sharp red/green edges of this image cost them some dB)
        String name = codec.series() + " " + codec.setting();
        assertThat(decoded).as(name).hasSize(784 * 3);
        if (codec.lossless()) {
          assertThat(decoded).as(name).containsExactly(rgb);
        } else if (codec.setting().equals("q=100") || codec.setting().equals("q=1.00")) {
          assertThat(ImageMetrics.psnr(ImageMetrics.mse(rgb, decoded))).as(name).isGreaterThan(20);
          for (int c = 0; c < 3; c++) {
            assertThat(channelMean(decoded, c))
                .as(name + " channel " + c)
                .isCloseTo(channelMean(rgb, c), within(12.0));
          }
        }
      }
    }
  }

  @Test
  void shouldEncodeEverySettingToBytesAndDecodeTo28x28() {
    Map<String, List<ImageCodec>> codecs = ClassicalCodecs.all();
    int settings = 0;
    for (List<ImageCodec> family : codecs.values()) {
      for (ImageCodec codec : family) {
        for (byte[] image : images.images()) {
          byte[] encoded = codec.encode(image, 28, 28, 1);
          byte[] decoded = codec.decode(encoded, 28, 28, 1);

          assertThat(encoded).as(codec.series() + " " + codec.setting()).isNotEmpty();
          assertThat(decoded).hasSize(784);
          if (codec.lossless()) {
            assertThat(decoded).as(codec.series()).containsExactly(image);
          }
        }
        settings++;
      }
    }
    assertThat(codecs.keySet()).containsExactly("WebP", "JPEG", "PNG", "zstd", "gzip");
    assertThat(settings).isEqualTo(12 + 1 + 11 + 1 + 2 + 1);
  }

  @Test
  void shouldGainQualityAndSizeWithWebPAndJpegQuality() {
    byte[] image = images.images()[0];

    int webpLow = ClassicalCodecs.webp(0).encode(image, 28, 28, 1).length;
    int webpHigh = ClassicalCodecs.webp(100).encode(image, 28, 28, 1).length;
    int jpegLow = ClassicalCodecs.jpeg(0.05f).encode(image, 28, 28, 1).length;
    int jpegHigh = ClassicalCodecs.jpeg(1.0f).encode(image, 28, 28, 1).length;

    assertThat(webpHigh).isGreaterThan(webpLow);
    assertThat(jpegHigh).isGreaterThan(jpegLow);
    assertThat(psnr(ClassicalCodecs.webp(100), image))
        .isGreaterThan(psnr(ClassicalCodecs.webp(0), image));
    assertThat(psnr(ClassicalCodecs.webp(100), image)).isGreaterThan(35);
    assertThat(psnr(ClassicalCodecs.jpeg(1.0f), image)).isGreaterThan(40);
  }

  @Test
  void shouldStripAndRestoreHeadersByteForByte() {
    ImageCodec webp = ClassicalCodecs.webp(50);
    ImageCodec jpeg = ClassicalCodecs.jpeg(0.5f);
    Framing riffLess = webp.framings().get().get(0);
    Framing scanOnly = jpeg.framings().get().get(0);
    for (byte[] image : images.images()) {
      byte[] file = webp.encode(image, 28, 28, 1);
      byte[] payload = riffLess.strip().apply(file);

      // 20 header bytes, plus the pad byte of an odd-length chunk.
      assertThat(file.length - payload.length).isIn(20, 21);
      assertThat(riffLess.restore().apply(payload)).containsExactly(file);

      byte[] jfif = jpeg.encode(image, 28, 28, 1);
      byte[] scan = scanOnly.strip().apply(jfif);
      assertThat(jfif.length - scan.length).isEqualTo(ClassicalCodecs.scanDataOffset(jfif) + 2);
      assertThat(scanOnly.restore().apply(scan)).containsExactly(jfif);
    }
    assertThat(ClassicalCodecs.webpLossless().framings().get()).isEmpty();
  }

  @Test
  void shouldReportFramedPointsWithTheCodecsQualityAndFewerBytes() {
    List<RdPoint> points = CodecRunner.run("WebP", ClassicalCodecs.webp(20), images);

    assertThat(points)
        .extracting(RdPoint::series)
        .containsExactly("WebP lossy", "WebP lossy, no RIFF header");
    assertThat(points.get(1).aggregatePsnr()).isEqualTo(points.get(0).aggregatePsnr());
    assertThat(points.get(0).bytesPerImage() - points.get(1).bytesPerImage()).isBetween(20.0, 21.0);
  }

  @Test
  void shouldRebuildTheRiffHeaderFromThePayloadLength() {
    byte[] odd = ClassicalCodecs.withRiff(new byte[] {1, 2, 3});

    assertThat(odd)
        .containsExactly(
            'R', 'I', 'F', 'F', 16, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ', 3, 0, 0, 0, 1,
            2, 3, 0);
  }

  @Test
  void shouldFindTheScanDataAfterTheSosSegment() {
    byte[] file = {
      (byte) 0xFF,
      (byte) 0xD8, // SOI
      (byte) 0xFF,
      (byte) 0xE0,
      0,
      4,
      9,
      9, // APP0, length 4
      (byte) 0xFF,
      (byte) 0xDA,
      0,
      3,
      7, // SOS, length 3
      42,
      43,
      (byte) 0xFF,
      (byte) 0xD9
    };

    assertThat(ClassicalCodecs.scanDataOffset(file)).isEqualTo(13);
  }

  @Test
  void shouldMeasureALosslessCodecAsExactWithCappedPsnr() {
    RdPoint p = CodecRunner.run("zstd", ClassicalCodecs.zstd(3), images).get(0);

    assertThat(p.lossless()).isTrue();
    assertThat(p.aggregatePsnr()).isEqualTo(ImageMetrics.PSNR_CAP_DB);
    assertThat(p.meanSsim()).isEqualTo(1.0);
    assertThat(p.images()).isEqualTo(6);
    assertThat(p.bytesPerImage()).isPositive().isLessThan(784);
    assertThat(p.encodePerSecond()).isPositive();
  }
}
