package io.compressnet.cli.live;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * What a live run records about its settings and the machine it ran on, for the report; separate
 * because gathering it is no part of running the pipeline.
 */
final class RunSettings {

  private RunSettings() {}

  /** The machine as the run found it, read before any child starts. */
  record MachineAtStart(Instant started, double loadAverage, long otherJavaProcesses) {
    static MachineAtStart now() {
      Instant started = Instant.now();
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return new MachineAtStart(started, load, countOtherJavaProcesses());
    }
  }

  static LiveResult.Settings of(
      LiveBench.Options options, MachineAtStart machine, double startupSeconds) {
    return new LiveResult.Settings(
        options.rate(),
        options.seconds(),
        options.warmupSeconds(),
        options.images().toString(),
        options.model() == null ? "(service defaults)" : options.model().toString(),
        new LinkedHashMap<>(options.env()),
        options.commandLine(),
        System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", "(unset)"),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        machine.started().toString(),
        machine.loadAverage(),
        machine.otherJavaProcesses(),
        startupSeconds);
  }

  /** Java processes not started by this run, to say what else shared the machine. */
  private static long countOtherJavaProcesses() {
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self)
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .count();
  }
}
