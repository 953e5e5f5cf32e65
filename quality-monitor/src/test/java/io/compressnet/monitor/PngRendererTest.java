package io.compressnet.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.monitor.dashboard.PngRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngRendererTest {

  @Test
  void shouldRenderInterleavedRgbAsAColourPngScaledUp() throws IOException {
    // Given a 2x1 RGB image: pure red, then (10, 20, 30)
    byte[] rgb = {(byte) 255, 0, 0, 10, 20, 30};
    // When
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(PngRenderer.render(rgb, 2, 1, 3, 2)));
    // Then every 2x2 block carries its pixel's values, R, G and B in order
    assertThat(png.getWidth()).isEqualTo(4);
    assertThat(png.getHeight()).isEqualTo(2);
    assertThat(png.getRaster().getPixel(1, 1, (int[]) null)).containsExactly(255, 0, 0);
    assertThat(png.getRaster().getPixel(2, 0, (int[]) null)).containsExactly(10, 20, 30);
  }

  @Test
  void shouldRenderGrayscaleAsStoredValues() throws IOException {
    BufferedImage png =
        ImageIO.read(
            new ByteArrayInputStream(PngRenderer.render(new byte[] {7, (byte) 200}, 2, 1, 1, 1)));
    assertThat(png.getRaster().getSample(0, 0, 0)).isEqualTo(7);
    assertThat(png.getRaster().getSample(1, 0, 0)).isEqualTo(200);
  }
}
