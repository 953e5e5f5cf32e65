package io.compressnet.codec.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.Encoding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchInferenceTest {

  private static final Path SAMPLE =
      Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz").toAbsolutePath();

  @TempDir static Path dir;
  private static ModelBundle bundle;
  private static ImageSet images;

  @BeforeAll
  static void createBundle() throws Exception {
    bundle = UntrainedBundles.create(dir.resolve("m"), "test-ps8-int8", 8, "INT8");
    images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 40);
  }

  @Test
  void shouldEncodeABatchExactlyAsImageByImage() {
    // Given
    List<byte[]> batch = Arrays.asList(images.slice(0, 17).images());

    // When
    byte[][] batched;
    List<byte[]> single = new ArrayList<>();
    try (BatchEncoder encoder = new BatchEncoder(bundle, Encoding.FLOAT32)) {
      batched = encoder.encode(batch);
      for (byte[] image : batch) {
        single.add(encoder.encode(List.of(image))[0]);
      }
    }

    // Then
    assertThat(batched.length).isEqualTo(17);
    for (int i = 0; i < batched.length; i++) {
      assertThat(batched[i]).as("latent %d", i).hasSize(32).isEqualTo(single.get(i));
    }
  }

  @Test
  void shouldDecodeABatchExactlyAsLatentByLatentIntoWholeImages() {
    // Given
    byte[][] latents;
    try (BatchEncoder encoder = new BatchEncoder(bundle, Encoding.INT8)) {
      latents = encoder.encode(Arrays.asList(images.slice(0, 13).images()));
    }

    // When
    byte[][] batched;
    List<byte[]> single = new ArrayList<>();
    try (BatchDecoder decoder = new BatchDecoder(bundle)) {
      batched = decoder.decode(Arrays.asList(latents), Encoding.INT8);
      for (byte[] latent : latents) {
        single.add(decoder.decode(List.of(latent), Encoding.INT8)[0]);
      }
    }

    // Then
    assertThat(Arrays.stream(latents).mapToInt(l -> l.length)).containsOnly(8);
    assertThat(batched.length).isEqualTo(13);
    for (int i = 0; i < batched.length; i++) {
      assertThat(batched[i]).as("image %d", i).hasSize(28 * 28).isEqualTo(single.get(i));
    }
  }

  @Test
  void shouldGiveAsFloatLatentsExactlyWhatEncodePacks() {
    // Given 21 images (a full pass of 16 and a padded remainder)
    List<byte[]> batch = Arrays.asList(images.slice(0, 21).images());

    // When the same encoder gives float latents and packed FLOAT32 latents
    float[][] floats;
    byte[][] packed;
    try (BatchEncoder encoder = new BatchEncoder(bundle, Encoding.FLOAT32)) {
      floats = encoder.encodeFloats(batch);
      packed = encoder.encode(batch);
    }

    // Then the packed bytes are the float latents, bit for bit
    assertThat(floats).hasNumberOfRows(21);
    for (int i = 0; i < floats.length; i++) {
      assertThat(floats[i]).as("latent %d", i).hasSize(8);
      assertThat(bundle.packer(Encoding.FLOAT32).pack(floats[i])).isEqualTo(packed[i]);
    }
  }

  @Test
  void shouldDecodeFloatLatentsExactlyAsTheirPackedForm() {
    // Given INT8 latents of 19 images and the floats they unpack to
    byte[][] packed;
    try (BatchEncoder encoder = new BatchEncoder(bundle, Encoding.INT8)) {
      packed = encoder.encode(Arrays.asList(images.slice(0, 19).images()));
    }
    List<float[]> floats = new ArrayList<>();
    for (byte[] latent : packed) {
      floats.add(bundle.packer(Encoding.INT8).unpack(latent));
    }

    // When both forms are decoded
    byte[][] fromFloats;
    byte[][] fromBytes;
    try (BatchDecoder decoder = new BatchDecoder(bundle)) {
      fromFloats = decoder.decodeFloats(floats);
      fromBytes = decoder.decode(Arrays.asList(packed), Encoding.INT8);
    }

    // Then they give the same images
    assertThat(fromFloats).hasNumberOfRows(19);
    for (int i = 0; i < fromFloats.length; i++) {
      assertThat(fromFloats[i]).as("image %d", i).hasSize(28 * 28).isEqualTo(fromBytes[i]);
    }
  }

  @Test
  void shouldRefuseFloatLatentsOfTheWrongLength() {
    try (BatchDecoder decoder = new BatchDecoder(bundle)) {
      assertThatThrownBy(() -> decoder.decodeFloats(List.of(new float[8], new float[7])))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("latent 1 has 7 values")
          .hasMessageContaining("8 dims");
      assertThat(decoder.decodeFloats(List.of())).isEmpty();
    }
  }

  @Test
  void shouldNotLeakNativeArraysAcrossThousandBatches() {
    // Given
    List<byte[]> batch = Arrays.asList(images.slice(0, 4).images());
    try (BatchEncoder encoder = new BatchEncoder(bundle, Encoding.INT8, 4);
        BatchDecoder decoder = new BatchDecoder(bundle, 4)) {
      byte[][] latents = encoder.encode(batch);
      decoder.decode(Arrays.asList(latents), Encoding.INT8);
      int encoderArrays = encoder.liveArrays();
      int decoderArrays = decoder.liveArrays();

      // When
      for (int i = 0; i < 1000; i++) {
        latents = encoder.encode(batch);
        decoder.decode(Arrays.asList(latents), Encoding.INT8);
      }

      // Then: only the weights remain, as after the first batch
      assertThat(encoderArrays).isPositive();
      assertThat(encoder.liveArrays()).isEqualTo(encoderArrays);
      assertThat(decoder.liveArrays()).isEqualTo(decoderArrays);
    }
  }

  @Test
  void shouldRefuseImagesAndLatentsOfTheWrongSize() {
    try (BatchEncoder encoder = new BatchEncoder(bundle, Encoding.INT8);
        BatchDecoder decoder = new BatchDecoder(bundle)) {
      assertThatThrownBy(() -> encoder.encode(List.of(new byte[27 * 28])))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("756 pixels")
          .hasMessageContaining("784");
      assertThatThrownBy(() -> decoder.decode(List.of(new byte[9]), Encoding.INT8))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("9 bytes")
          .hasMessageContaining("takes 8");
      assertThat(encoder.encode(List.of())).isEmpty();
    }
  }

  @Test
  void shouldEncodeAndDecodeRgbImagesAsInterleavedValues() {
    // Given an RGB model of 12x8 and three images of 12 x 8 x 3 values
    ModelBundle rgb = rgbBundle("rgb");
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] image = new byte[12 * 8 * 3];
      Arrays.fill(image, (byte) (40 * i));
      images.add(image);
    }
    // When
    byte[][] rebuilt;
    try (BatchEncoder encoder = new BatchEncoder(rgb, Encoding.INT8);
        BatchDecoder decoder = new BatchDecoder(rgb)) {
      rebuilt = decoder.decode(Arrays.asList(encoder.encode(images)), Encoding.INT8);
    }
    // Then one interleaved RGB image per input
    assertThat(rebuilt).hasNumberOfRows(3);
    assertThat(rebuilt[0]).hasSize(12 * 8 * 3);
  }

  @Test
  void shouldRefuseAGrayscaleImageForAnRgbModelNamingTheChannels() {
    ModelBundle rgb = rgbBundle("rgb2");
    try (BatchEncoder encoder = new BatchEncoder(rgb, Encoding.INT8)) {
      assertThatThrownBy(() -> encoder.encode(List.of(new byte[12 * 8])))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("takes 12x8 x 3 channels = 288");
    }
  }

  /** An untrained RGB model of 12x8, 8 latent dims. */
  private static ModelBundle rgbBundle(String name) {
    return UntrainedBundles.create(
        dir.resolve(name),
        "test-rgb-int8",
        new io.compressnet.codec.model.ModelSpec(
            io.compressnet.codec.model.Architecture.LITE3, 12, 8, 8, 3),
        "INT8");
  }
}
