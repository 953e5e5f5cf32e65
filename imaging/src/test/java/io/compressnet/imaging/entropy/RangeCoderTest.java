package io.compressnet.imaging.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeCoderTest {

  private static FrequencyTable table(long... counts) {
    return FrequencyTable.fromCounts(counts, 16);
  }

  private static int[] randomSymbols(Random random, double[] probabilities, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      int s = 0;
      while (s < probabilities.length - 1 && u >= probabilities[s]) {
        u -= probabilities[s];
        s++;
      }
      out[i] = s;
    }
    return out;
  }

  private static byte[] encodeAll(FrequencyTable t, int[] symbols) {
    RangeEncoder encoder = new RangeEncoder();
    for (int s : symbols) {
      encoder.encode(t, s);
    }
    return encoder.finish();
  }

  private static int[] decodeAll(FrequencyTable t, byte[] message, int n) {
    RangeDecoder decoder = new RangeDecoder(message);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = decoder.decode(t);
    }
    return out;
  }

  @Test
  void shouldScaleCountsToExactTotalWithEverySymbolCodable() {
    FrequencyTable t = table(0, 3, 1, 0);

    assertThat(t.cumFreq(3) + t.freq(3)).isEqualTo(1 << 16);
    // 65532 spare units split 3:1, leftovers to the most frequent symbol.
    assertThat(t.frequencies()).containsExactly(1, 1 + 49149, 1 + 16383, 1);
    assertThat(t.symbolFor(0)).isZero();
    assertThat(t.symbolFor(1)).isEqualTo(1);
    assertThat(t.symbolFor(49150)).isEqualTo(1);
    assertThat(t.symbolFor(49151)).isEqualTo(2);
    assertThat(t.symbolFor(65535)).isEqualTo(3);
  }

  @Test
  void shouldRoundTripRandomSymbolsExactlyForManyDistributionsAndLengths() {
    Random random = new Random(7);
    double[][] distributions = {
      {0.25, 0.25, 0.25, 0.25},
      {0.97, 0.01, 0.01, 0.01},
      {0.001, 0.001, 0.998},
      {0.5, 0.5},
      uniform(256),
      geometric(256, 0.8),
    };
    for (double[] p : distributions) {
      long[] counts = new long[p.length];
      for (int s = 0; s < p.length; s++) {
        counts[s] = Math.round(p[s] * 1_000_000);
      }
      FrequencyTable t = table(counts);
      for (int length : new int[] {0, 1, 2, 3, 7, 32, 64, 1000, 20_000}) {
        int[] symbols = randomSymbols(random, p, length);

        int[] back = decodeAll(t, encodeAll(t, symbols), length);

        assertThat(back).as("length %d of %d symbols", length, p.length).containsExactly(symbols);
      }
    }
  }

  @Test
  void shouldRoundTripSymbolsTheTableThoughtImpossible() {
    FrequencyTable t = table(1_000_000, 0, 0, 5);
    int[] symbols = {1, 2, 0, 0, 3, 2, 1, 1, 0, 2};

    assertThat(decodeAll(t, encodeAll(t, symbols), symbols.length)).containsExactly(symbols);
  }

  @Test
  void shouldSurviveLongCarryChains() {
    // The last symbol sits at the top of the range and is almost certain: low creeps towards
    // 0xFF... and carries must ripple through runs of pending 0xFF bytes.
    FrequencyTable t = table(1, 1, 1_000_000);
    Random random = new Random(11);
    for (int trial = 0; trial < 50; trial++) {
      int[] symbols = randomSymbols(random, new double[] {0.0005, 0.0005, 0.999}, 5000);

      assertThat(decodeAll(t, encodeAll(t, symbols), symbols.length)).containsExactly(symbols);
    }
  }

  @Test
  void shouldCodeCloseToTheEntropy() {
    double[] p = geometric(256, 0.7);
    long[] counts = new long[p.length];
    for (int s = 0; s < p.length; s++) {
      counts[s] = Math.max(0, Math.round(p[s] * 10_000_000));
    }
    FrequencyTable t = table(counts);
    int[] symbols = randomSymbols(new Random(3), p, 100_000);
    double idealBits = 0;
    for (int s : symbols) {
      idealBits += t.bits(s);
    }

    byte[] message = encodeAll(t, symbols);

    // Ideal length under the table, plus < 0.5% for the coder's integer arithmetic and a few bytes
    // of termination.
    assertThat(message.length * 8.0).isBetween(idealBits - 1, idealBits * 1.005 + 40);
    assertThat(decodeAll(t, message, symbols.length)).containsExactly(symbols);
  }

  @Test
  void shouldSpendAboutOneByteOnEightFairCoinFlips() {
    FrequencyTable t = table(1, 1);
    Random random = new Random(5);
    long total = 0;
    for (int trial = 0; trial < 1000; trial++) {
      int[] symbols = randomSymbols(random, new double[] {0.5, 0.5}, 8);
      byte[] message = encodeAll(t, symbols);
      total += message.length;
      assertThat(decodeAll(t, message, 8)).containsExactly(symbols);
    }
    // 8 bits of information; termination costs at most about one more byte.
    assertThat(total / 1000.0).isBetween(0.9, 2.0);
  }

  @Test
  void shouldCodeCertainSymbolsInNoBytesAtAll() {
    FrequencyTable t = table(1_000_000_000L, 1);
    int[] symbols = new int[10];

    byte[] message = encodeAll(t, symbols);

    assertThat(message).isEmpty();
    assertThat(decodeAll(t, message, 10)).containsExactly(symbols);
  }

  @Test
  void shouldRefuseSymbolsOutsideTheAlphabetAndUseAfterFinish() {
    FrequencyTable t = table(1, 1);
    RangeEncoder encoder = new RangeEncoder();

    assertThatThrownBy(() -> encoder.encode(t, 2)).isInstanceOf(IllegalArgumentException.class);
    encoder.finish();
    assertThatThrownBy(() -> encoder.encode(t, 0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> FrequencyTable.fromCounts(new long[] {1, -1}, 16))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static double[] uniform(int n) {
    double[] p = new double[n];
    java.util.Arrays.fill(p, 1.0 / n);
    return p;
  }

  static double[] geometric(int n, double ratio) {
    double[] p = new double[n];
    double sum = 0;
    for (int s = 0; s < n; s++) {
      p[s] = Math.pow(ratio, s);
      sum += p[s];
    }
    for (int s = 0; s < n; s++) {
      p[s] /= sum;
    }
    return p;
  }
}
