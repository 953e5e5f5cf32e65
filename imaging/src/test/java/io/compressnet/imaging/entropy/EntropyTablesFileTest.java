package io.compressnet.imaging.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EntropyTablesFileTest {

  private static StaticLatentModel model() {
    // dim 0 only ever saw 0, dim 1 only 255, dim 2 nothing but 1 and 2
    int[][] codes = {{0, 255, 1}, {0, 255, 2}, {0, 255, 2}};
    return StaticLatentModel.fit(codes, 3, 256);
  }

  @Test
  void shouldRoundTripTablesBitForBit() {
    StaticLatentModel model = model();

    byte[] bytes = EntropyTablesFile.toBytes(model);
    StaticLatentModel back = EntropyTablesFile.fromBytes(bytes);

    assertThat(bytes).hasSize(4 + 1 + 1 + 2 + 2 + 3 * 256 * 2);
    assertThat(back).isEqualTo(model);
    assertThat(EntropyTablesFile.toBytes(back)).isEqualTo(bytes);
    // A symbol seen every time takes all but the floor of the other 255: 65536 - 255 fits uint16.
    assertThat(back.table(0).freq(0)).isEqualTo(65536 - 255);
    assertThat(back.table(1).freq(0)).isEqualTo(1);
  }

  @Test
  void shouldRefuseAStoredZeroFrequency() {
    byte[] bytes = EntropyTablesFile.toBytes(model());
    // dim 0, symbol 5 (a floor frequency of 1) set to 0, and the lost unit given to symbol 0
    int symbol5 = 10 + 5 * 2;
    bytes[symbol5 + 1] = 0;
    bytes[10 + 1] += 1;

    assertThatThrownBy(() -> EntropyTablesFile.fromBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dim 0")
        .hasMessageContaining("frequency of symbol 5 is 0");
  }

  @Test
  void shouldRefuseTruncatedExtendedAndForeignFiles() {
    byte[] bytes = EntropyTablesFile.toBytes(model());

    assertThatThrownBy(() -> EntropyTablesFile.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> EntropyTablesFile.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
        .hasMessageContaining("bytes after its last table");
    byte[] foreign = bytes.clone();
    foreign[0] = 'X';
    assertThatThrownBy(() -> EntropyTablesFile.fromBytes(foreign)).hasMessageContaining("CNET");
    byte[] wrongSum = bytes.clone();
    wrongSum[11] += 1;
    assertThatThrownBy(() -> EntropyTablesFile.fromBytes(wrongSum))
        .hasMessageContaining("sum to 65537");
  }
}
