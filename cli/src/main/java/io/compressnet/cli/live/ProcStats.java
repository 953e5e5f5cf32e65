package io.compressnet.cli.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a Linux process, from {@code /proc}: what {@code top} shows,
 * including native memory (PyTorch's allocations, thread stacks, mapped libraries) that no JVM
 * counter sees.
 */
final class ProcStats {

  /** Clock ticks per second of {@code utime}/{@code stime}; 100 on every Linux we run on. */
  static final long TICKS_PER_SECOND = 100;

  private ProcStats() {}

  /** User + system CPU milliseconds of {@code pid} (all its threads), or -1 if it is gone. */
  static long cpuMillis(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    if (stat == null) {
      return -1;
    }
    return cpuMillisFromStat(stat);
  }

  /**
   * Parses {@code /proc/<pid>/stat}: fields 14 and 15 are utime and stime. The command name (field
   * 2) is in parentheses and may contain spaces, so fields are counted from its closing one.
   */
  static long cpuMillisFromStat(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // fields[0] is field 3 (state), so field n is fields[n - 3].
    long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    return ticks * 1000 / TICKS_PER_SECOND;
  }

  /** Resident set size of {@code pid} in KiB ({@code VmRSS}), or -1 if it is gone. */
  static long rssKib(long pid) {
    String status = read(Path.of("/proc", Long.toString(pid), "status"));
    return status == null ? -1 : rssKibFromStatus(status);
  }

  static long rssKibFromStatus(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim());
      }
    }
    return -1;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return null;
    }
  }
}
