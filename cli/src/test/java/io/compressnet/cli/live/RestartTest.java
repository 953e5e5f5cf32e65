package io.compressnet.cli.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RestartTest {

  @Test
  void shouldParseServicesSignalAndSecond() {
    assertThat(Restart.parse("encoder:kill@30"))
        .isEqualTo(new Restart(List.of("encoder"), true, 30));
    assertThat(Restart.parse("all:term@5"))
        .isEqualTo(new Restart(List.of("encoder", "decoder", "monitor"), false, 5));
    assertThat(Restart.parse("decoder,monitor:KILL@0").services())
        .containsExactly("decoder", "monitor");
  }

  @Test
  void shouldRefuseUnknownServicesSignalsAndShapes() {
    assertThatThrownBy(() -> Restart.parse("broker:kill@3")).hasMessageContaining("must be among");
    assertThatThrownBy(() -> Restart.parse("encoder:hup@3")).hasMessageContaining("kill or term");
    assertThatThrownBy(() -> Restart.parse("encoder@3")).hasMessageContaining("SERVICES:");
    assertThatThrownBy(() -> Restart.parse("encoder:kill@soon"))
        .hasMessageContaining("not a number");
  }

  @Test
  void shouldMeasureTheLongestGapEndingAfterTheStop() {
    // Given a 5 s and a 3.9 s gap before the stop and a 3 s gap after it
    Restart restart = Restart.parse("encoder:kill@1");
    List<LiveReader.ImageLatency> arrivals =
        List.of(
            arrival(1_000),
            arrival(6_000),
            arrival(9_900),
            arrival(10_200),
            arrival(13_200),
            arrival(13_300));

    // When the stop was at 10,000 ms and the new process launched at 10,500 ms
    RecoveryResult r = RecoveryResult.of(restart, 10_000, 10_100, 10_500, arrivals);

    // Then the gap is 10,200 -> 13,200, not the larger one before the stop
    assertThat(r.gapStartMs()).isEqualTo(10_200);
    assertThat(r.noOutputMs()).isEqualTo(3_000);
    assertThat(r.launchToOutputMs()).isEqualTo(2_700);
    assertThat(r.stopToOutputMs()).isEqualTo(3_200);
  }

  @Test
  void shouldFailWhenNothingArrivedAfterTheStop() {
    assertThatThrownBy(
            () ->
                RecoveryResult.of(
                    Restart.parse("encoder:kill@1"), 5_000, 5_100, 5_200, List.of(arrival(1_000))))
        .isInstanceOf(IllegalStateException.class);
  }

  private static LiveReader.ImageLatency arrival(long receivedAt) {
    return new LiveReader.ImageLatency("id", 0, 0, 0, receivedAt);
  }
}
