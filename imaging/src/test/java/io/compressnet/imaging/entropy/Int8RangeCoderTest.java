package io.compressnet.imaging.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Int8RangeCoderTest {

  private static final int DIMS = 32;

  /** Codes peaked around 128 (spread 3 + d/2), like an INT8 latent of a trained model. */
  private static byte[][] peaked(Random random, int n, int dims) {
    byte[][] out = new byte[n][dims];
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < dims; d++) {
        int v = (int) Math.round(128 + random.nextGaussian() * (3 + d / 2.0));
        out[i][d] = (byte) Math.max(0, Math.min(255, v));
      }
    }
    return out;
  }

  private static Int8RangeCoder fitted(byte[][] training, int dims) {
    int[][] codes = new int[training.length][dims];
    for (int i = 0; i < training.length; i++) {
      for (int d = 0; d < dims; d++) {
        codes[i][d] = training[i][d] & 0xFF;
      }
    }
    return new Int8RangeCoder(StaticLatentModel.fit(codes, dims, 256));
  }

  private static final Int8RangeCoder CODER = fitted(peaked(new Random(1), 20_000, DIMS), DIMS);

  private static byte[] filled(int value) {
    byte[] codes = new byte[DIMS];
    Arrays.fill(codes, (byte) value);
    return codes;
  }

  @Test
  void shouldRoundTripRandomLatentsShorterThanInt8() {
    // Given latents from the distribution the tables were fitted on
    byte[][] latents = peaked(new Random(2), 2000, DIMS);
    long bytes = 0;
    for (byte[] latent : latents) {
      // When
      byte[] coded = CODER.encode(latent);
      bytes += coded.length;
      // Then
      assertThat(CODER.decode(coded)).containsExactly(latent);
    }
    // Entropy of the spreads 3..18.5 is about 3.6..6.2 bits: ~20 B, plus the check byte.
    assertThat((double) bytes / latents.length).isBetween(15.0, 25.0);
  }

  @Test
  void shouldRoundTripUniformlyRandomCodesEvenWhereTheyCodeLongerThanInt8() {
    Random random = new Random(3);
    for (int trial = 0; trial < 500; trial++) {
      byte[] latent = new byte[DIMS];
      random.nextBytes(latent);

      byte[] coded = CODER.encode(latent);

      // Values far in the tails cost up to 16 bits each under peaked tables.
      assertThat(coded.length).isGreaterThan(DIMS);
      assertThat(CODER.decode(coded)).containsExactly(latent);
    }
  }

  @Test
  void shouldRoundTripAdversarialLatents() {
    List<byte[]> adversarial = new ArrayList<>();
    adversarial.add(filled(0));
    adversarial.add(filled(255));
    adversarial.add(filled(128));
    byte[] alternating = new byte[DIMS];
    for (int d = 0; d < DIMS; d++) {
      alternating[d] = (byte) (d % 2 == 0 ? 0 : 255);
    }
    adversarial.add(alternating);
    for (byte[] latent : adversarial) {
      assertThat(CODER.decode(CODER.encode(latent))).containsExactly(latent);
    }
  }

  @Test
  void shouldRoundTripEverySymbolOnceThroughTablesThatNeverSawMostOfThem() {
    // Given 64-dim tables fitted on codes that were all 7: 255 symbols per dim have zero counts
    int dims = 64;
    byte[][] training = new byte[100][dims];
    for (byte[] row : training) {
      Arrays.fill(row, (byte) 7);
    }
    Int8RangeCoder coder = fitted(training, dims);
    assertThat(coder.model().table(0).freq(8)).isEqualTo(1);
    assertThat(coder.model().table(0).freq(7)).isEqualTo(65536 - 255);
    // When every symbol 0..255 appears once, over four latents, most at frequency 1/65536
    for (int quarter = 0; quarter < 4; quarter++) {
      byte[] symbols = new byte[dims];
      for (int d = 0; d < dims; d++) {
        symbols[d] = (byte) (quarter * dims + d);
      }
      byte[] coded = coder.encode(symbols);
      // Then
      assertThat(coder.decode(coded)).containsExactly(symbols);
      assertThat(coded.length).isBetween(1 + 63 * 2, 1 + 64 * 2 + 1);
      // and an encoder would send it as INT8
      assertThat(coder.encodeIfShorter(symbols, dims)).isNull();
    }
    // and the symbol the tables expect costs almost nothing
    byte[] sevens = new byte[dims];
    Arrays.fill(sevens, (byte) 7);
    assertThat(coder.encode(sevens).length).isLessThanOrEqualTo(2);
    assertThat(coder.decode(coder.encode(sevens))).containsExactly(sevens);
  }

  @Test
  void shouldRoundTripEverySymbolOnceInOneRangeCodedStream() {
    // The coder without the header, over 256 dims (too long for the header's length byte)
    int[][] training = new int[10][256];
    for (int[] row : training) {
      Arrays.fill(row, 200);
    }
    StaticLatentModel model = StaticLatentModel.fit(training, 256, 256);
    int[] everySymbol = new int[256];
    for (int d = 0; d < 256; d++) {
      everySymbol[d] = 255 - d;
    }

    assertThat(model.decode(model.encode(everySymbol))).containsExactly(everySymbol);
  }

  @Test
  void shouldRefuseTruncationsCleanlyAndAllButAboutOneIn256OfThem() {
    // Given every truncation of 1000 coded latents
    byte[][] latents = peaked(new Random(4), 1000, DIMS);
    int truncations = 0;
    int undetected = 0;
    for (byte[] latent : latents) {
      byte[] coded = CODER.encode(latent);
      for (int length = 0; length < coded.length; length++) {
        byte[] truncated = Arrays.copyOf(coded, length);
        truncations++;
        // When
        try {
          byte[] decoded = CODER.decode(truncated);
          // Then one the checks miss still never passes for the original latent
          assertThat(decoded).isNotEqualTo(latent);
          undetected++;
        } catch (CorruptLatentException expected) {
          // the clean failure, with the reason in the message
          assertThat(expected).hasMessageContaining("coded latent");
        }
      }
    }
    assertThat(truncations).isGreaterThan(15_000);
    assertThat((double) undetected / truncations).isLessThan(1.5 / 256);
    assertThatThrownBy(() -> CODER.decode(new byte[0]))
        .isInstanceOf(CorruptLatentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void shouldRefuseTrailingBytes() {
    byte[] coded = CODER.encode(peaked(new Random(5), 1, DIMS)[0]);
    for (int extra : new int[] {0, 1, 0x55, 0xFF}) {
      byte[] longer = Arrays.copyOf(coded, coded.length + 1);
      longer[coded.length] = (byte) extra;

      assertThatThrownBy(() -> CODER.decode(longer))
          .isInstanceOf(CorruptLatentException.class)
          .hasMessageContaining("coded latent of " + longer.length + " bytes");
    }
  }

  @Test
  void shouldCatchSingleBitFlipsWithoutEverFailingUncleanly() {
    // Given every single-bit corruption of 200 coded latents
    byte[][] latents = peaked(new Random(6), 200, DIMS);
    int flips = 0;
    int undetected = 0;
    for (byte[] latent : latents) {
      byte[] coded = CODER.encode(latent);
      for (int bit = 0; bit < coded.length * 8; bit++) {
        byte[] corrupt = coded.clone();
        corrupt[bit / 8] ^= (byte) (1 << (bit % 8));
        flips++;
        // When
        try {
          byte[] decoded = CODER.decode(corrupt);
          // A flip the checks miss must at least not claim to be the original latent.
          assertThat(decoded).isNotEqualTo(latent);
          undetected++;
        } catch (CorruptLatentException expected) {
          // Then: the only way decoding may fail
        }
      }
    }
    assertThat(flips).isGreaterThan(25_000);
    // The canonical-code check and the CRC-8 together leave (much) less than 1 in 256.
    assertThat((double) undetected / flips).isLessThan(1.0 / 256);
  }

  @Test
  void shouldRefuseAnEmptyPayloadAndLatentsOfTheWrongLength() {
    assertThatThrownBy(() -> CODER.decode(new byte[0]))
        .isInstanceOf(CorruptLatentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> CODER.encode(new byte[DIMS - 1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 32 INT8 codes, got 31");
  }

  @Test
  void shouldComputeTheStandardCrc8() {
    // CRC-8 (poly 0x07, init 0) check value of "123456789" is 0xF4.
    assertThat(
            Int8RangeCoder.crc8("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isEqualTo(0xF4);
  }
}
