package io.compressnet.bench.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads between two snapshots, grouped by role (stream thread, producer
 * I/O, broker request handlers, ...): a cheap profile of where a run's CPU went. The embedded
 * broker runs in this JVM, so its threads are counted too; the registry is a separate process.
 * PyTorch runs on the calling stream thread, so inference is part of the stream thread's time. GC
 * and JIT threads are not Java threads: they show up only in the process total.
 */
final class ThreadCpu {

  record Snapshot(Map<Long, String> names, Map<Long, Long> cpuNanos, long processCpuNanos) {}

  /** The group of the stream threads, whose time includes inference. */
  static final String STREAM_THREAD = "stream thread (poll, process, inference, commit)";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ThreadCpu() {}

  static Snapshot take() {
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    Map<Long, String> names = new HashMap<>();
    Map<Long, Long> cpu = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      long nanos = infos[i] == null ? -1 : THREADS.getThreadCpuTime(ids[i]);
      if (nanos >= 0) {
        names.put(ids[i], infos[i].getThreadName());
        cpu.put(ids[i], nanos);
      }
    }
    long process =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime()
            : -1;
    return new Snapshot(names, cpu, process);
  }

  /** CPU seconds per group between the snapshots, largest first, then the process figures. */
  static Map<String, Double> secondsByGroup(Snapshot before, Snapshot after) {
    Map<String, Double> groups = new TreeMap<>();
    double attributed = 0;
    for (Map.Entry<Long, Long> e : after.cpuNanos().entrySet()) {
      double seconds = (e.getValue() - before.cpuNanos().getOrDefault(e.getKey(), 0L)) / 1e9;
      if (seconds > 0) {
        groups.merge(group(after.names().get(e.getKey())), seconds, Double::sum);
        attributed += seconds;
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    groups.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    double process = (after.processCpuNanos() - before.processCpuNanos()) / 1e9;
    if (process > 0) {
      out.put("(GC, JIT, exited threads)", Math.max(0, process - attributed));
      out.put("process total", process);
    }
    return out;
  }

  /** The role of a thread, from the names Kafka and Kafka Streams give their threads. */
  static String group(String name) {
    if (name == null) {
      return "other";
    } else if (name.startsWith("kafka-producer-network-thread")) {
      return "producer I/O threads";
    } else if (name.contains("StreamThread")) {
      return STREAM_THREAD;
    } else if (name.contains("request-handler")) {
      return "broker request handlers";
    } else if (name.contains("network-thread") || name.contains("-acceptor-")) {
      return "broker network threads";
    } else if (name.startsWith("bench-")) {
      return "benchmark clients";
    } else if (name.startsWith("kafka-coordinator-heartbeat") || name.contains("consumer")) {
      return "consumer background";
    }
    return "broker and other background";
  }
}
