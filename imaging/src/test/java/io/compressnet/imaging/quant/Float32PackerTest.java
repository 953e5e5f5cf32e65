package io.compressnet.imaging.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Float32PackerTest {

  @Test
  void shouldRoundTripExactlyIncludingSpecialValues() {
    float[] latent = {
      1.0f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, 0.1f, -123.456f
    };
    Float32Packer packer = new Float32Packer(latent.length);

    float[] back = packer.unpack(packer.pack(latent));

    for (int i = 0; i < latent.length; i++) {
      assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(latent[i]));
    }
  }

  @Test
  void shouldWriteLittleEndianIeeeBits() {
    // 1.0f is 0x3F800000
    assertThat(new Float32Packer(1).pack(new float[] {1.0f}))
        .containsExactly(0x00, 0x00, 0x80, 0x3F);
  }

  @Test
  void shouldRejectWrongLengths() {
    Float32Packer packer = new Float32Packer(32);

    assertThat(packer.bytesPerImage()).isEqualTo(128);
    assertThatThrownBy(() -> packer.unpack(new byte[127]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 128 latent bytes for FLOAT32 with 32 dims, got 127");
    assertThatThrownBy(() -> packer.pack(new float[33]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 32 latent values, got 33");
    assertThatThrownBy(() -> new Float32Packer(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latent dims must be > 0, got 0");
  }
}
