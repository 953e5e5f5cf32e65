package io.compressnet.cli.live;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@code bench live} run measured, as written to {@code live.json}. Times are seconds
 * since the measured phase began (negative while starting and warming up), latencies milliseconds,
 * memory MiB.
 */
public record LiveResult(
    Settings settings,
    List<Child> processes,
    Counts counts,
    Latency decodedMinusCaptured,
    Latency receivedMinusCaptured,
    Stages stages,
    List<Window> windows,
    Map<String, ProcessSummary> processSummaries,
    Map<String, LagSummary> lag,
    TargetCheck target,
    boolean allChildrenGone,
    List<Sample> samples,
    @JsonIgnore List<LiveReader.ImageLatency> images) {

  /**
   * {@code decodedAt - capturedAt} split at the encoder's stamp: waiting for and computing the
   * encoder's batch, then the encoder's commit (its output is visible downstream only then), the
   * decoder's fetch, batch and pass. The two stamps come from different processes on one machine.
   */
  public record Stages(Latency encodedMinusCaptured, Latency decodedMinusEncoded) {}

  /** The run's settings and the machine it ran on. */
  public record Settings(
      double rate,
      int seconds,
      int warmupSeconds,
      String images,
      String model,
      Map<String, String> extraEnv,
      String commandLine,
      String onednnMaxCpuIsa,
      String javaVersion,
      int cores,
      String startedAt,
      double loadAverageAtStart,
      long otherJavaProcessesAtStart,
      double startupSeconds) {}

  /** One child process: its role, pid and log file. */
  public record Child(String name, long pid, String log) {}

  /** The measured images: in = out + DLQ holds when {@code missing == 0 && duplicates == 0}. */
  public record Counts(
      long sent,
      long acknowledged,
      long failedSends,
      long reconstructed,
      long deadLettered,
      long duplicates,
      long scored,
      long missing,
      boolean inEqualsOutPlusDlq,
      List<String> dlqReasons) {}

  /** Order statistics of one latency over the measured images (nearest rank). */
  public record Latency(int count, long p50, long p90, long p99, long max) {}

  /** {@code decodedAt - capturedAt} of the images captured in one 10-s window. */
  public record Window(int startSecond, int count, long p50, long p99, long max) {}

  /** CPU and memory of one process over the measured phase and the drain after it. */
  public record ProcessSummary(
      long pid,
      double cpuPercentOfCore,
      double cpuMsPerImage,
      double rssStartMb,
      double rssEndMb,
      double rssMaxMb,
      double rssSlopeMbPerMinSecondHalf,
      double heapMaxMb) {}

  /** Consumer lag of one group over the measured phase and the drain (records). */
  public record LagSummary(long max, long end) {}

  /** Whether the overall p99 of {@code decodedAt - capturedAt} met the target. */
  public record TargetCheck(long p99TargetMs, long p99Ms, boolean met, String verdict) {}

  /** One 1-s sample of every process, every group's lag and the running counts. */
  public record Sample(
      double t,
      String phase,
      Map<String, ProcessSample> processes,
      Map<String, Long> lag,
      long acknowledged,
      long reconstructed,
      long deadLettered,
      long scored) {}

  /** CPU (cumulative ms, and % of one core since the previous sample), RSS and heap in use. */
  public record ProcessSample(long cpuMs, double cpuPercent, double rssMb, double heapMb) {}
}
