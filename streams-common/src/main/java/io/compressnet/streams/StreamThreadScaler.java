package io.compressnet.streams;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes a running service's stream threads to its load ({@link ThreadScalingPolicy}) between {@code
 * num.stream.threads} and {@link ServiceConfig#MAX_STREAM_THREADS}: the service starts with the
 * most, removes threads while the load would fit in fewer, and adds them back while its threads are
 * saturated and the machine has a core to spare. Starting with the most means a service that starts
 * on a backlog, or under a load one thread cannot carry, runs at full speed at once: a thread added
 * under load gets its tasks only after a rebalance, seconds later (measured with {@code bench
 * pipeline}: 2.5–5 s). A thread removed at light load costs one rebalance while it is cheap. Once a
 * second the scaler reads each stream thread's CPU time and the machine's load; it changes nothing
 * while the client is not RUNNING. Kafka Streams moves the tasks of an added or removed thread with
 * a rebalance, so exactly-once output is unaffected.
 */
final class StreamThreadScaler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamThreadScaler.class);
  private static final Duration REMOVE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How long the scaler leaves the threads alone after a stream thread died: a dying thread may
   * wait out a back-off before its replacement starts (a registry outage), and removing a thread
   * meanwhile blocks on it and holds up the replacement.
   */
  static final Duration QUIET_AFTER_FAILURE = Duration.ofSeconds(60);

  private final KafkaStreams streams;
  private final String service;
  private final ThreadScalingPolicy policy;
  private final int maxThreads;
  private final ScheduledExecutorService timer;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  private final int cores = Runtime.getRuntime().availableProcessors();
  private Map<String, Long> lastCpuNanos = Map.of();
  private long lastTick;

  /** The threads are left alone until this {@code nanoTime} (after a stream thread died). */
  private volatile long quietUntilNanos = System.nanoTime();

  private StreamThreadScaler(KafkaStreams streams, String service, int minThreads, int max) {
    this.streams = streams;
    this.service = service;
    this.maxThreads = max;
    this.policy = new ThreadScalingPolicy(minThreads, max);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, service + "-thread-scaler");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts scaling {@code streams} when {@code config} allows more threads than it starts with and
   * the JVM can measure thread CPU time.
   */
  static Optional<StreamThreadScaler> startIfEnabled(
      KafkaStreams streams, ServiceConfig config, String service) {
    Range range = Range.of(config);
    if (!range.scales()) {
      return Optional.empty();
    }
    if (!threadCpuMeasurable()) {
      LOG.warn(
          "{}: thread CPU time is not measurable here; stream threads stay at {}",
          service,
          range.min());
      return Optional.empty();
    }
    StreamThreadScaler scaler = new StreamThreadScaler(streams, service, range.min(), range.max());
    scaler.timer.scheduleWithFixedDelay(scaler::tickSafely, 1, 1, TimeUnit.SECONDS);
    LOG.info(
        "{}: starts with {} stream threads, scales between {} and {} with the load",
        service,
        range.max(),
        range.min(),
        range.max());
    return Optional.of(scaler);
  }

  /**
   * Sets {@code num.stream.threads} in {@code props} to the most threads when the service will
   * scale ({@link #startIfEnabled} decides the same way), so that it starts with them; leaves it as
   * configured otherwise.
   */
  static void applyStartingThreads(ServiceConfig config, Properties props) {
    Range range = Range.of(config);
    if (range.scales() && threadCpuMeasurable()) {
      props.put(ServiceConfig.NUM_STREAM_THREADS.property(), Integer.toString(range.max()));
    }
  }

  private static boolean threadCpuMeasurable() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    return mx.isThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled();
  }

  /**
   * The configured stream threads: {@code num.stream.threads} the least, {@link
   * ServiceConfig#MAX_STREAM_THREADS} the most (0: one per core).
   */
  record Range(int min, int max) {
    static Range of(ServiceConfig config) {
      int max = intOrDefault(config, ServiceConfig.MAX_STREAM_THREADS);
      return new Range(
          intOrDefault(config, ServiceConfig.NUM_STREAM_THREADS),
          max == 0 ? Runtime.getRuntime().availableProcessors() : max);
    }

    boolean scales() {
      return max > min;
    }
  }

  /** The key's value, or its default where a config made of bare values does not set it. */
  private static int intOrDefault(ServiceConfig config, ConfigKey key) {
    return config.get(key) == null ? Integer.parseInt(key.defaultValue()) : config.getInt(key);
  }

  /** Called when a stream thread dies: no change to the threads for a while. */
  void onThreadFailure() {
    quietUntilNanos = System.nanoTime() + QUIET_AFTER_FAILURE.toNanos();
  }

  private boolean recentlyFailed(long now) {
    return now - quietUntilNanos < 0;
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      // A client closing under us, or a rebalance racing the add: the next tick looks again.
      LOG.debug("{}: thread scaling skipped a tick: {}", service, e.toString());
      policy.reset();
    }
  }

  private void tick() {
    long now = System.nanoTime();
    double idleCores = idleCores();
    Set<ThreadMetadata> local =
        streams.state() == KafkaStreams.State.RUNNING
            ? streams.metadataForLocalThreads()
            : Set.of();
    // Only a healthy service is judged: every thread running, none died lately.
    if (local.isEmpty() || recentlyFailed(now) || !allRunning(local)) {
      policy.reset();
      lastCpuNanos = Map.of();
      return;
    }
    Map<String, Long> cpu = cpuNanosByName(local);
    boolean sameThreads = cpu.keySet().equals(lastCpuNanos.keySet());
    double seconds = (now - lastTick) / 1e9;
    Map<String, Long> previous = lastCpuNanos;
    lastCpuNanos = cpu;
    lastTick = now;
    if (!sameThreads || seconds <= 0) {
      policy.reset();
      return;
    }
    double busy = 0;
    for (Map.Entry<String, Long> e : cpu.entrySet()) {
      busy += (e.getValue() - previous.get(e.getKey())) / 1e9 / seconds;
    }
    int tasks = local.stream().mapToInt(t -> t.activeTasks().size()).sum();
    var sample = new ThreadScalingPolicy.Sample(cpu.size(), busy, idleCores, tasks);
    act(policy.offer(sample), sample);
  }

  private void act(ThreadScalingPolicy.Decision decision, ThreadScalingPolicy.Sample s) {
    switch (decision) {
      case ADD ->
          streams
              .addStreamThread()
              .ifPresent(
                  name ->
                      LOG.info(
                          "{}: added stream thread {} ({} of at most {}): the threads were {} busy"
                              + " with {} cores idle",
                          service,
                          name,
                          s.threads() + 1,
                          maxThreads,
                          percent(s.busyThreads() / s.threads()),
                          String.format(java.util.Locale.ROOT, "%.1f", s.idleCores())));
      case REMOVE ->
          streams
              .removeStreamThread(REMOVE_TIMEOUT)
              .ifPresent(
                  name ->
                      LOG.info(
                          "{}: removed stream thread {} ({} left): the load fits in fewer",
                          service,
                          name,
                          s.threads() - 1));
      case HOLD -> {}
    }
  }

  private static String percent(double fraction) {
    return Math.round(fraction * 100) + " %";
  }

  private static boolean allRunning(Set<ThreadMetadata> local) {
    return local.stream().allMatch(t -> "RUNNING".equals(t.threadState()));
  }

  /** CPU nanoseconds of each live local stream thread, by thread name. */
  private Map<String, Long> cpuNanosByName(Set<ThreadMetadata> local) {
    Set<String> names = new HashSet<>();
    local.forEach(t -> names.add(t.threadName()));
    Map<String, Long> cpu = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && names.contains(info.getThreadName())) {
        long nanos = threads.getThreadCpuTime(info.getThreadId());
        if (nanos >= 0) {
          cpu.put(info.getThreadName(), nanos);
        }
      }
    }
    return cpu;
  }

  /** The machine's idle CPU since the last call, in cores; NaN where the JVM cannot tell. */
  private double idleCores() {
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      double load = sun.getCpuLoad();
      if (load >= 0) {
        return cores * (1 - load);
      }
    }
    return Double.NaN;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(REMOVE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
