package io.compressnet.cli.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LiveMathTest {

  @Test
  void shouldReadCpuTicksAfterACommandNameWithSpacesAndParentheses() {
    // Given a /proc/<pid>/stat line whose command name has a space and a ')'
    String stat =
        "1234 (java (x) y) S 1 1234 1234 0 -1 4194560 5000 0 0 0 250 70 0 0 20 0 40 0 100 0 0";

    // When it is parsed, then utime + stime = 320 ticks = 3,200 ms
    assertThat(ProcStats.cpuMillisFromStat(stat)).isEqualTo(3200);
  }

  @Test
  void shouldReadResidentMemoryFromStatus() {
    String status = "Name:\tjava\nVmPeak:\t  900 kB\nVmRSS:\t  123456 kB\nThreads:\t40\n";

    assertThat(ProcStats.rssKibFromStatus(status)).isEqualTo(123456);
  }

  @Test
  void shouldReadThisProcessFromProc() {
    long pid = ProcessHandle.current().pid();

    assertThat(ProcStats.cpuMillis(pid)).isPositive();
    assertThat(ProcStats.rssKib(pid)).isPositive();
  }

  @Test
  void shouldFitTheMemorySlopeOverTheGivenTimesOnly() {
    // Given 1 MiB per second from t = 10 s on, after a jump before it
    List<double[]> points =
        List.of(
            new double[] {0, 100},
            new double[] {5, 500},
            new double[] {10, 510},
            new double[] {11, 511},
            new double[] {12, 512},
            new double[] {20, 520});

    // When the slope is fitted over 10..20 s, then it is 60 MiB per minute
    assertThat(LiveAnalysis.slopePerMinute(points, 10, 20)).isCloseTo(60, within(1e-9));
  }

  @Test
  void shouldGroupLatenciesInTenSecondWindowsOfCaptureTime() {
    // Given three images in the first 10 s and one at 10.5 s
    List<LiveReader.ImageLatency> images =
        List.of(
            new LiveReader.ImageLatency("a", 1_000, 1_004, 1_010, 1_020),
            new LiveReader.ImageLatency("b", 2_000, 2_010, 2_030, 2_040),
            new LiveReader.ImageLatency("c", 9_999, 10_009, 10_019, 10_030),
            new LiveReader.ImageLatency("d", 11_500, 11_550, 11_600, 11_700));

    // When windows are formed
    List<LiveResult.Window> windows = LiveAnalysis.windows(images, List.of());

    // Then two windows with nearest-rank percentiles
    assertThat(windows)
        .containsExactly(
            new LiveResult.Window(0, 3, 20, 30, 30), new LiveResult.Window(10, 1, 100, 100, 100));
  }

  @Test
  void shouldMissTheTargetWhenAnImageIsMissing() {
    LiveResult.Latency fast = new LiveResult.Latency(99, 10, 20, 30, 40);
    LiveResult.Counts oneMissing =
        new LiveResult.Counts(100, 100, 0, 99, 0, 0, 99, 1, false, List.of());

    LiveResult.TargetCheck check = LiveAnalysis.target(100L, fast, oneMissing);

    assertThat(check.met()).isFalse();
    assertThat(check.verdict()).contains("1 images missing");
  }

  @Test
  void shouldTellProbeWarmupAndMeasuredImagesApartByTheirIds() {
    assertThat(LiveReader.Phase.of("live-probe-3-ab12cd34", "ab12cd34"))
        .isEqualTo(LiveReader.Phase.PROBE);
    assertThat(LiveReader.Phase.of("live-warmup-0-ab12cd34", "ab12cd34"))
        .isEqualTo(LiveReader.Phase.WARMUP);
    assertThat(LiveReader.Phase.of("live-17-ab12cd34", "ab12cd34"))
        .isEqualTo(LiveReader.Phase.MEASURED);
    assertThat(LiveReader.Phase.of("live-17-other", "ab12cd34")).isNull();
    assertThat(LiveReader.Phase.of("emnist-17-ab12cd34", "ab12cd34")).isNull();
  }

  @Test
  void shouldDropInheritedServiceSettingsButKeepTheRegistryHome() {
    var env =
        ChildEnvironment.cleanEnvironment(
            java.util.Map.of(
                "PATH", "/bin",
                "KAFKA_BOOTSTRAP_SERVERS", "elsewhere:9092",
                "SCHEMA_REGISTRY_URL", "http://elsewhere",
                "COMPRESSNET_BATCH_SIZE", "1",
                "COMPRESSNET_APICURIO_HOME", "/opt/apicurio"));

    assertThat(env)
        .containsOnlyKeys("PATH", "COMPRESSNET_APICURIO_HOME")
        .containsEntry("COMPRESSNET_APICURIO_HOME", "/opt/apicurio");
  }
}
