package io.compressnet.imaging.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
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
  void shouldRoundPixelValuesExactlyAsMathRound() {
    // Given the values where a faster rounding could go wrong: each side of every half-way point
    // (k + 0.5 and its float neighbours), the classic 0.49999997, and a sweep of the whole range
    List<Float> values = new ArrayList<>(List.of(0.49999997f, 0f));
    for (int k = 0; k <= 255; k++) {
      float half = k + 0.5f;
      values.addAll(List.of(Math.nextDown(half), half, Math.nextUp(half), (float) k));
    }
    for (float x = 0f; x <= 255f; x += 0.0009765625f) {
      values.add(x);
    }
    // When / Then the fast path agrees with Math.round on every one of them, and on NaN
    for (float x : values) {
      assertThat(ImageSet.roundNonNegative(x)).as("x = %s", x).isEqualTo(Math.round(x));
    }
    assertThat(ImageSet.roundNonNegative(Float.NaN)).isEqualTo(Math.round(Float.NaN));
  }

  @Test
  void shouldRefuseAChannelCountOtherThanOneOrThree() {
    assertThatThrownBy(() -> new ImageSet(new byte[0][], 2, 2, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 (grayscale) or 3 (RGB)");
  }
}
