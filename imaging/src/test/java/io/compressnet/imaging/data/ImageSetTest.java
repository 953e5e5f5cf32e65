package io.compressnet.imaging.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageSetTest {

  @Test
  void shouldTurnInterleavedRgbIntoChannelPlanes() {
    // Given one 2-pixel RGB image: (R, G, B) = (255, 0, 51), (0, 102, 255)
    byte[][] images = {{(byte) 255, 0, 51, 0, 102, (byte) 255}};
    // When
    float[] planes = ImageSet.toUnitFloats(images, 0, 1, 2, 3);
    // Then all R, then all G, then all B, scaled to [0, 1]
    assertThat(planes).containsExactly(1f, 0f, 0f, 0.4f, 0.2f, 1f);
  }

  @Test
  void shouldInterleaveChannelPlanesBackIntoPixels() {
    // Given the planes of the image above, the second image in the buffer
    float[] buffer = {9f, 9f, 9f, 9f, 9f, 9f, 1f, 0f, 0f, 0.4f, 0.2f, 1f};
    // When
    byte[] pixels = ImageSet.toPixels(buffer, 6, 2, 3);
    // Then
    assertThat(pixels).containsExactly((byte) 255, 0, 51, 0, 102, (byte) 255);
  }

  @Test
  void shouldKeepGrayscaleInOrderAndClampOutOfRangeValues() {
    assertThat(ImageSet.toUnitFloats(new byte[][] {{0, (byte) 255}}, 0, 1, 2, 1))
        .containsExactly(0f, 1f);
    assertThat(ImageSet.toPixels(new float[] {-0.5f, 1.5f, 0.5f}, 0, 3, 1))
        .containsExactly(0, (byte) 255, (byte) 128);
  }

  @Test
  void shouldRefuseAChannelCountOtherThanOneOrThree() {
    assertThatThrownBy(() -> new ImageSet(new byte[0][], 2, 2, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 (grayscale) or 3 (RGB)");
  }
}
