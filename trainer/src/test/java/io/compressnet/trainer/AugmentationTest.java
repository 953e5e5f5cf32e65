package io.compressnet.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AugmentationTest {
  private static final double[] IDENTITY = {1, 0, 0, 1, 0, 0};

  /** A 3×3 image, row-major: 10 20 30 / 40 50 60 / 70 80 90. */
  private static byte[] threeByThree() {
    return new byte[] {10, 20, 30, 40, 50, 60, 70, 80, 90};
  }

  @Test
  void shouldLeaveTheImageAsItIsUnderTheIdentity() {
    // Given / When
    byte[] out = Augmentation.warp(threeByThree(), 3, 3, 1, IDENTITY);

    // Then
    assertArrayEquals(threeByThree(), out);
  }

  @Test
  void shouldMoveEveryPixelOneToTheRightAndFillTheLeftColumnWithZero() {
    // Given
    double[] shiftRight = {1, 0, 0, 1, 1, 0};

    // When
    byte[] out = Augmentation.warp(threeByThree(), 3, 3, 1, shiftRight);

    // Then
    assertArrayEquals(new byte[] {0, 10, 20, 0, 40, 50, 0, 70, 80}, out);
  }

  @Test
  void shouldRotateAQuarterTurnAboutTheCentre() {
    // Given: p' = [[0 -1][1 0]] p, so the output at (x, y) reads the source at (y, -x)
    double[] quarterTurn = {0, -1, 1, 0, 0, 0};

    // When
    byte[] out = Augmentation.warp(threeByThree(), 3, 3, 1, quarterTurn);

    // Then: the first row becomes the last column, read top to bottom
    assertArrayEquals(new byte[] {70, 40, 10, 80, 50, 20, 90, 60, 30}, out);
  }

  @Test
  void shouldInterpolateBilinearlyBetweenNeighbours() {
    // Given: a half-pixel shift to the right
    double[] halfRight = {1, 0, 0, 1, 0.5, 0};

    // When
    byte[] out = Augmentation.warp(threeByThree(), 3, 3, 1, halfRight);

    // Then: each pixel is the mean of itself and its left neighbour (0 beyond the edge)
    assertArrayEquals(new byte[] {5, 15, 25, 20, 45, 55, 35, 75, 85}, out);
  }

  @Test
  void shouldMoveEveryChannelOfAnInterleavedImageAlike() {
    // Given: a 2×1 RGB image, shifted one pixel right
    byte[] rgb = {1, 2, 3, 4, 5, 6};

    // When
    byte[] out = Augmentation.warp(rgb, 2, 1, 3, new double[] {1, 0, 0, 1, 1, 0});

    // Then
    assertArrayEquals(new byte[] {0, 0, 0, 1, 2, 3}, out);
  }

  @Test
  void shouldReturnTheSameImagesAtStrengthZero() {
    // Given
    byte[][] images = {threeByThree()};

    // When
    byte[][] out = new Augmentation(0, 1).apply(images, 3, 3, 1);

    // Then
    assertSame(images, out);
  }

  @Test
  void shouldDistortEachImageDifferentlyAndKeepTheInputUnchanged() {
    // Given: two copies of a 28×28 image with a bright block in the middle
    byte[] block = new byte[28 * 28];
    for (int y = 8; y < 20; y++) {
      Arrays.fill(block, y * 28 + 10, y * 28 + 18, (byte) 200);
    }
    byte[][] images = {block.clone(), block.clone()};

    // When
    byte[][] out = new Augmentation(1, 7).apply(images, 28, 28, 1);

    // Then: new arrays, not the input's, and not equal to each other
    assertArrayEquals(block, images[0]);
    assertNotEquals(Arrays.toString(out[0]), Arrays.toString(out[1]));
    // a small distortion keeps most of the ink: 96 pixels of 200, within the ±10 % scale squared
    for (byte[] image : out) {
      long ink = 0;
      for (byte b : image) {
        ink += b & 0xFF;
      }
      double ratio = ink / (96.0 * 200);
      assertTrue(ratio > 0.75 && ratio < 1.3, "ink ratio " + ratio);
    }
  }

  @Test
  void shouldRefuseANegativeStrength() {
    // Given / When / Then
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(-1, 1));
    assertEquals("augmentation strength must be 0 or more: -1.0", e.getMessage());
  }
}
