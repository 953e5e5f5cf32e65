package io.compressnet.imaging.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Float16PackerTest {

  @Test
  void shouldProduceKnownHalfBitPatterns() {
    assertThat(bits(1.0f)).isEqualTo(0x3C00);
    assertThat(bits(-2.0f)).isEqualTo(0xC000);
    assertThat(bits(0.5f)).isEqualTo(0x3800);
    assertThat(bits(65504f)).isEqualTo(0x7BFF); // largest finite half
    assertThat(bits(0x1p-14f)).isEqualTo(0x0400); // smallest normal
    assertThat(bits(0x1p-24f)).isEqualTo(0x0001); // smallest subnormal
    assertThat(bits(0x3FFp-24f)).isEqualTo(0x03FF); // largest subnormal
    assertThat(bits(0.0f)).isEqualTo(0x0000);
    assertThat(bits(-0.0f)).isEqualTo(0x8000);
    assertThat(bits(Float.POSITIVE_INFINITY)).isEqualTo(0x7C00);
    assertThat(bits(Float.NEGATIVE_INFINITY)).isEqualTo(0xFC00);
    assertThat(bits(1.0f / 3)).isEqualTo(0x3555);
  }

  @Test
  void shouldRoundTiesToEven() {
    // 1 + 2^-11 is halfway between 1 (even, 0x3C00) and 1 + 2^-10 (odd): rounds down
    assertThat(bits(1f + 0x1p-11f)).isEqualTo(0x3C00);
    // 1 + 3 * 2^-11 is halfway between 0x3C01 (odd) and 0x3C02 (even): rounds up
    assertThat(bits(1f + 3 * 0x1p-11f)).isEqualTo(0x3C02);
    // just above a tie rounds up
    assertThat(bits(Math.nextUp(1f + 0x1p-11f))).isEqualTo(0x3C01);
  }

  @Test
  void shouldOverflowToInfinityOnlyPastTheRoundingBoundary() {
    assertThat(bits(65519f)).isEqualTo(0x7BFF); // below the midpoint 65520
    assertThat(bits(65520f)).isEqualTo(0x7C00); // tie to even: the "even" neighbour is infinity
    assertThat(bits(1e6f)).isEqualTo(0x7C00);
    assertThat(bits(Float.MAX_VALUE)).isEqualTo(0x7C00);
  }

  @Test
  void shouldUnderflowGraduallyThroughSubnormals() {
    assertThat(bits(0x1p-25f)).isEqualTo(0x0000); // exactly half the smallest subnormal: to even
    assertThat(bits(Math.nextUp(0x1p-25f))).isEqualTo(0x0001);
    assertThat(bits(0x1.8p-24f)).isEqualTo(0x0002); // 1.5 units: tie to even (2)
    assertThat(bits(0x1p-26f)).isEqualTo(0x0000);
    assertThat(bits(-0x1p-24f)).isEqualTo(0x8001);
    assertThat(bits(Float.MIN_VALUE)).isEqualTo(0x0000);
    // rounding up from the largest subnormal reaches the smallest normal
    assertThat(bits(0x3FFp-24f + 0x1.8p-25f)).isEqualTo(0x0400);
  }

  @Test
  void shouldKeepNanAsNan() {
    assertThat(Float16Packer.toFloat(Float16Packer.toHalf(Float.NaN))).isNaN();
    // a signalling NaN whose payload lives only in the low bits must not turn into infinity
    float lowPayloadNan = Float.intBitsToFloat(0x7F80_0001);
    assertThat(bits(lowPayloadNan) & 0x7C00).isEqualTo(0x7C00);
    assertThat(bits(lowPayloadNan) & 0x03FF).isNotZero();
  }

  @Test
  void shouldRoundTripEveryHalfValueExactly() {
    for (int h = 0; h <= 0xFFFF; h++) {
      float f = Float16Packer.toFloat((short) h);
      if (Float.isNaN(f)) {
        assertThat((h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0).as("NaN from 0x%04X", h).isTrue();
        continue;
      }
      assertThat(bits(f)).as("round trip of 0x%04X", h).isEqualTo(h);
    }
  }

  @Test
  void shouldDecodeKnownBitPatterns() {
    assertThat(Float16Packer.toFloat((short) 0x3C00)).isEqualTo(1.0f);
    assertThat(Float16Packer.toFloat((short) 0x7BFF)).isEqualTo(65504f);
    assertThat(Float16Packer.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(Float16Packer.toFloat((short) 0x8000)).isEqualTo(-0.0f);
    assertThat(Float16Packer.toFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
  }

  @Test
  void shouldPickTheNearestHalfForRandomFloats() {
    // Compared with a brute-force neighbour search over the decoded half grid.
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      float f = Float.intBitsToFloat(random.nextInt());
      if (Float.isNaN(f) || Math.abs(f) >= 65520f) {
        continue;
      }
      int h = bits(f);
      double chosen = Float16Packer.toFloat((short) h);
      double error = Math.abs(chosen - f);
      double below = Float16Packer.toFloat((short) neighbour(h, -1));
      double above = Float16Packer.toFloat((short) neighbour(h, +1));
      assertThat(error).as("for %s", f).isLessThanOrEqualTo(Math.abs(below - f));
      assertThat(error).as("for %s", f).isLessThanOrEqualTo(Math.abs(above - f));
    }
  }

  @Test
  void shouldKeepRelativeErrorWithinHalfUlpInNormalRange() {
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      float f = (float) ((random.nextBoolean() ? 1 : -1) * Math.exp(random.nextDouble() * 20 - 9));
      if (Math.abs(f) < 0x1p-14f || Math.abs(f) > 65504f) {
        continue;
      }
      float back = Float16Packer.toFloat(Float16Packer.toHalf(f));
      assertThat(Math.abs(back - (double) f) / Math.abs(f)).isLessThanOrEqualTo(0x1p-11);
    }
  }

  @Test
  void shouldPackLittleEndianTwoBytesPerDimension() {
    Float16Packer packer = new Float16Packer(2);

    byte[] packed = packer.pack(new float[] {1.0f, 65504f});

    assertThat(packer.bytesPerImage()).isEqualTo(4);
    assertThat(packed).containsExactly(0x00, 0x3C, 0xFF, 0x7B);
    assertThat(packer.unpack(packed)).containsExactly(1.0f, 65504f);
    assertThat(packer.encoding()).isEqualTo(Encoding.FLOAT16);
  }

  @Test
  void shouldRejectWrongLengths() {
    Float16Packer packer = new Float16Packer(32);

    assertThatThrownBy(() -> packer.unpack(new byte[63]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 64 latent bytes for FLOAT16 with 32 dims, got 63");
    assertThatThrownBy(() -> packer.pack(new float[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 32 latent values, got 31");
  }

  private static int bits(float f) {
    return Float16Packer.toHalf(f) & 0xFFFF;
  }

  /** The next half towards -inf (direction -1) or +inf (+1), staying finite. */
  private static int neighbour(int h, int direction) {
    float f = Float16Packer.toFloat((short) h);
    boolean negative = (h & 0x8000) != 0 || (f == 0 && direction < 0);
    int magnitude = h & 0x7FFF;
    if (f == 0) {
      return direction < 0 ? 0x8001 : 0x0001;
    }
    boolean awayFromZero = (direction > 0) != negative;
    int next = awayFromZero ? Math.min(magnitude + 1, 0x7BFF) : magnitude - 1;
    return (negative ? 0x8000 : 0) | next;
  }
}
