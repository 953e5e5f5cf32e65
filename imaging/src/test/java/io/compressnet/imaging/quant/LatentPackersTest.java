package io.compressnet.imaging.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatentPackersTest {

  @Test
  void shouldPickPackerAndSizeForEachEncoding() {
    AffineInt8Quantizer int8 = new AffineInt8Quantizer(new float[32], filled(32, 0.1f));

    LatentPacker f32 = LatentPackers.forEncoding(Encoding.FLOAT32, 32, null);
    LatentPacker f16 = LatentPackers.forEncoding(Encoding.FLOAT16, 32, int8);
    LatentPacker i8 = LatentPackers.forEncoding(Encoding.INT8, 32, int8);

    assertThat(f32).isInstanceOf(Float32Packer.class);
    assertThat(f32.bytesPerImage()).isEqualTo(128);
    assertThat(f16).isInstanceOf(Float16Packer.class);
    assertThat(f16.bytesPerImage()).isEqualTo(64);
    assertThat(i8).isSameAs(int8);
    assertThat(i8.bytesPerImage()).isEqualTo(32);
    assertThat(i8.encoding()).isEqualTo(Encoding.INT8);
  }

  @Test
  void shouldRequireMatchingQuantizerForInt8() {
    assertThatThrownBy(() -> LatentPackers.forEncoding(Encoding.INT8, 32, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INT8 encoding needs quantization parameters");
    AffineInt8Quantizer eightDims = new AffineInt8Quantizer(new float[8], filled(8, 1f));
    assertThatThrownBy(() -> LatentPackers.forEncoding(Encoding.INT8, 32, eightDims))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("INT8 quantizer has 8 dims, expected 32");
  }

  @Test
  void shouldUseTheSameSymbolsAsTheAvroEnum() {
    assertThat(Encoding.values())
        .extracting(Encoding::name)
        .containsExactly("INT8", "FLOAT16", "FLOAT32", "INT8_RANGE");
  }

  private static float[] filled(int n, float value) {
    float[] out = new float[n];
    java.util.Arrays.fill(out, value);
    return out;
  }
}
