package io.compressnet.bench.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a benchmark ran on, for the report. */
record Machine(
    int nproc,
    String cpuModel,
    long memoryGiB,
    String javaVersion,
    String javaVm,
    String os,
    long maxHeapMiB,
    double loadAverageAtStart,
    @JsonProperty("ONEDNN_MAX_CPU_ISA") String oneDnnMaxCpuIsa,
    @JsonProperty("ai.djl.pytorch.num_threads") String pytorchThreads) {

  static Machine describe() {
    String cpu = System.getProperty("os.arch"); // unless Linux names the model
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: keep the architecture.
    }
    long memory =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
            ? Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024))
            : -1;
    String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        cpu,
        memory,
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.name"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        loadAverage(),
        isa == null ? "(unset)" : isa,
        System.getProperty("ai.djl.pytorch.num_threads"));
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
