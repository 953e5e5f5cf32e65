package io.compressnet.cli.live;

import io.compressnet.cli.demo.ImageReplayer;
import io.compressnet.imaging.data.LabelledImages;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The pipeline as a user runs it: {@code devstack}, {@code encoder}, {@code decoder} and {@code
 * monitor} as separate child JVMs with default settings, images from a producer in this JVM at a
 * fixed rate, and what comes out read back. See {@code docs/bench/README.md}.
 */
public final class LiveBench {

  /**
   * What to run. {@code mainClass} and {@code classpath} start the children; {@code awaitScores}
   * makes the drain also wait for the monitor's {@code quality.images} record of every image.
   */
  public record Options(
      double rate,
      int seconds,
      int warmupSeconds,
      Path output,
      Path images,
      Path model,
      Map<String, String> env,
      Long targetP99Ms,
      String mainClass,
      String classpath,
      String commandLine,
      boolean awaitScores,
      Restart restart) {}

  static final int PROBE_IMAGES = 12;

  /** Each service's consumer group (its default application id) and input topics. */
  static final Map<String, List<String>> GROUP_INPUTS = groupInputs();

  private static final Duration DEVSTACK_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern BOOTSTRAP = Pattern.compile("bootstrap\\.servers\\s+=\\s+(\\S+)");
  private static final Pattern REGISTRY = Pattern.compile("schema\\.registry\\.url\\s+=\\s+(\\S+)");

  private final Options options;
  private final PrintStream out;
  private final Path stateRoot;
  private final ChildEnvironment environment;
  private final List<ChildJvm> children = new CopyOnWriteArrayList<>();

  /** How each service was launched, to launch it again the same way on a restart. */
  private final Map<String, Map<String, String>> launchEnvironments = new ConcurrentHashMap<>();

  private volatile RecoveryResult recovery;
  private volatile Exception restartFailure;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  public LiveBench(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    try {
      this.stateRoot = Files.createTempDirectory("compressnet-live-state-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    this.environment =
        new ChildEnvironment(System.getenv(), options.model(), options.env(), stateRoot);
  }

  /** Runs the benchmark, writes the report into {@code options.output()} and returns it. */
  public LiveResult run() throws Exception {
    Files.createDirectories(options.output());
    LabelledImages replay = ImageReplayer.load(options.images(), 0);
    Thread hook = new Thread(this::stopChildren, "bench-live-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    LiveResult result;
    Instant started = Instant.now();
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    long otherJava = otherJavaProcesses();
    try {
      result = measure(replay, started, load, otherJava);
    } finally {
      long stopStart = System.nanoTime();
      stopChildren();
      out.printf("Stopped every child in %.1f s.%n", (System.nanoTime() - stopStart) / 1e9);
      io.compressnet.streams.TemporaryStateDir.deleteTree(stateRoot);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is already running.
      }
    }
    result = LiveAnalysis.withChildrenGone(result, allGone());
    LiveReport.write(result, options.output());
    if (recovery != null) {
      recovery.write(options.output());
    }
    return result;
  }

  private LiveResult measure(LabelledImages replay, Instant started, double load, long otherJava)
      throws Exception {
    long t0 = System.nanoTime();
    out.println("Starting devstack (broker + registry) ...");
    ChildJvm devstack =
        launch(
            "devstack",
            environment.devstack(),
            "devstack",
            "--kafka-port",
            "0",
            "--registry-port",
            "0");
    List<String> addresses = devstack.awaitOutput(DEVSTACK_TIMEOUT, BOOTSTRAP, REGISTRY);
    String bootstrap = addresses.get(0);
    String registryUrl = addresses.get(1);
    out.println("  bootstrap.servers = " + bootstrap + ", schema.registry.url = " + registryUrl);
    out.println("Starting encoder, decoder, monitor ...");
    launchService("encoder", environment.encoder(bootstrap, registryUrl));
    launchService("decoder", environment.decoder(bootstrap, registryUrl));
    launchService("monitor", environment.monitor(bootstrap, registryUrl));

    try (SchemaRegistryClient registry =
            new RestSchemaRegistryClient(RegistryClientConfig.of(registryUrl));
        KafkaProducer<String, ImageEvent> producer = producer(bootstrap, registry);
        LiveReader reader =
            new LiveReader(
                    bootstrap,
                    new SpecificAvroSerde<>(registry, ReconstructedImage.class, false)
                        .deserializer(),
                    run)
                .start();
        LiveSampler sampler =
            new LiveSampler(bootstrap, GROUP_INPUTS, this::sampledProcesses, reader).start()) {
      new ImageReplayer(producer, Topics.IMAGES_RAW, LiveReader.Phase.PROBE.source)
          .replay(replay, 0, PROBE_IMAGES, run);
      awaitProbes(reader);
      double startup = (System.nanoTime() - t0) / 1e9;
      out.printf("Pipeline ready after %.1f s (probe images reconstructed and scored).%n", startup);
      if (options.warmupSeconds() > 0) {
        out.printf(
            "Warming up for %d s at %.0f images/s ...%n", options.warmupSeconds(), options.rate());
        sampler.phase("warmup");
        sendWatched(
            new ImageReplayer(producer, Topics.IMAGES_RAW, LiveReader.Phase.WARMUP.source),
            replay,
            (long) (options.rate() * options.warmupSeconds()));
      }
      out.printf("Measuring for %d s at %.0f images/s ...%n", options.seconds(), options.rate());
      sampler.startMeasuring();
      ImageReplayer measured =
          new ImageReplayer(producer, Topics.IMAGES_RAW, LiveReader.Phase.MEASURED.source);
      sampler.countSent(measured::acknowledged);
      Thread restarter = scheduleRestart();
      long sent = sendWatched(measured, replay, (long) (options.rate() * options.seconds()));
      if (restarter != null) {
        restarter.join();
        if (restartFailure != null) {
          throw new IllegalStateException("the restart failed: " + restartFailure, restartFailure);
        }
      }
      sampler.phase("drain");
      long drainStart = System.nanoTime();
      drain(reader, measured.acknowledged());
      out.printf("Drained in %.1f s.%n", (System.nanoTime() - drainStart) / 1e9);
      sampler.stopSampling();
      if (restartStopMs > 0) {
        recovery =
            RecoveryResult.of(
                options.restart(),
                restartStopMs,
                restartStoppedMs,
                restartLaunchedMs,
                reader.latencies());
        out.println(recovery.describe());
      }
      LiveResult.Settings settings = settings(started, load, otherJava, startup);
      return LiveAnalysis.analyse(
          settings,
          childList(),
          sent,
          measured.acknowledged(),
          measured.failed(),
          reader,
          sampler.samples(),
          options);
    }
  }

  private volatile long restartStopMs;
  private volatile long restartStoppedMs;
  private volatile long restartLaunchedMs;

  /** Starts the thread that restarts services mid-run, if asked for; {@code null} otherwise. */
  private Thread scheduleRestart() {
    Restart restart = options.restart();
    if (restart == null) {
      return null;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(restart.atSecond() * 1000L);
                restart(restart);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                restartFailure = e;
              }
            },
            "bench-live-restart");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Stops the services (SIGKILL together, or SIGTERM together and a wait for their clean exit),
   * then launches them again with the same environment and state directories.
   */
  private void restart(Restart restart) throws Exception {
    List<ChildJvm> old =
        children.stream().filter(c -> restart.services().contains(c.name())).toList();
    out.printf(
        "Restarting %s (%s) ...%n", restart.services(), restart.kill() ? "SIGKILL" : "SIGTERM");
    restartStopMs = System.currentTimeMillis();
    children.removeAll(old); // the watcher must not take the stop for a crash
    CompletableFuture.allOf(
            old.stream()
                .map(c -> CompletableFuture.runAsync(() -> stop(c, restart.kill())))
                .toArray(CompletableFuture[]::new))
        .join();
    restartStoppedMs = System.currentTimeMillis();
    for (ChildJvm c : old) {
      launchLogged(
          c.name(), launchEnvironments.get(c.name()), c.name() + "-restarted.log", c.name());
    }
    restartLaunchedMs = System.currentTimeMillis();
  }

  /** SIGKILL, or SIGTERM and a wait for the clean exit. */
  private static void stop(ChildJvm child, boolean kill) {
    if (!kill) {
      child.close();
      return;
    }
    try {
      child.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void launchService(String name, Map<String, String> env) throws IOException {
    launchEnvironments.put(name, env);
    launch(name, env, name);
  }

  /** Sends {@code count} images on this thread while a watcher checks that every child lives. */
  private long sendWatched(ImageReplayer replayer, LabelledImages replay, long count)
      throws InterruptedException {
    Thread sender = Thread.currentThread();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread watcher =
        new Thread(
            () -> {
              while (!done.isDone()) {
                if (children.stream().anyMatch(c -> !c.isAlive())) {
                  sender.interrupt();
                  return;
                }
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-live-watcher");
    watcher.setDaemon(true);
    watcher.start();
    long sent;
    try {
      sent = replayer.replay(replay, options.rate(), count, run);
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      requireChildrenAlive();
      throw e;
    } finally {
      done.complete(null);
      watcher.interrupt();
    }
    if (Thread.interrupted()) {
      requireChildrenAlive();
      throw new InterruptedException("interrupted while sending");
    }
    return sent;
  }

  private void awaitProbes(LiveReader reader) throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (reader.probesReconstructed() < PROBE_IMAGES || !reader.anyProbeScored()) {
      requireChildrenAlive();
      reader.requireHealthy();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the pipeline did not carry the "
                + PROBE_IMAGES
                + " probe images within "
                + READY_TIMEOUT
                + " ("
                + reader.probesReconstructed()
                + " reconstructed); see the logs in "
                + options.output());
      }
      Thread.sleep(200);
    }
  }

  /**
   * Waits until every measured image is out or in the DLQ (and scored, with {@code awaitScores}),
   * or the drain time ends.
   */
  private void drain(LiveReader reader, long acknowledged) throws InterruptedException {
    long drainSeconds = Math.max(60, options.seconds());
    long deadline = System.nanoTime() + Duration.ofSeconds(drainSeconds).toNanos();
    while (System.nanoTime() < deadline) {
      reader.requireHealthy();
      requireChildrenAlive();
      if (reader.reconstructed() + reader.deadLettered() >= acknowledged
          && (!options.awaitScores() || reader.scored() >= reader.reconstructed())) {
        return;
      }
      Thread.sleep(100);
    }
    out.printf(
        "Drain ended after %d s with %d of %d images out or in the DLQ.%n",
        drainSeconds, reader.reconstructed() + reader.deadLettered(), acknowledged);
  }

  private void requireChildrenAlive() {
    for (ChildJvm child : children) {
      child.requireAlive();
    }
  }

  private ChildJvm launch(String name, Map<String, String> env, String... args) throws IOException {
    return launchLogged(name, env, name + ".log", args);
  }

  private ChildJvm launchLogged(
      String name, Map<String, String> env, String logName, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ChildEnvironment.launcherJvmArgs(System.getenv("JAVA_OPTS")));
    command.add("-cp");
    command.add(options.classpath());
    command.add(options.mainClass());
    command.addAll(List.of(args));
    ChildJvm child = ChildJvm.start(name, command, env, options.output().resolve(logName));
    synchronized (children) {
      children.add(child);
    }
    return child;
  }

  private KafkaProducer<String, ImageEvent> producer(
      String bootstrap, SchemaRegistryClient registry) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "compressnet-bench-live-producer");
    // As `compressnet produce` sends.
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(
        p,
        new StringSerializer(),
        new SpecificAvroSerde<>(registry, ImageEvent.class, true).serializer());
  }

  /** Name to pid of every process sampled: the children, the devstack's registry and this JVM. */
  private Map<String, Long> sampledProcesses() {
    Map<String, Long> pids = new LinkedHashMap<>();
    synchronized (children) {
      for (ChildJvm child : children) {
        pids.put(child.name(), child.pid());
        List<ProcessHandle> sub = child.liveDescendants();
        for (int i = 0; i < sub.size(); i++) {
          pids.put(
              child.name().equals("devstack") && i == 0 ? "registry" : child.name() + "-child-" + i,
              sub.get(i).pid());
        }
      }
    }
    pids.put("bench (producer + reader)", ProcessHandle.current().pid());
    return pids;
  }

  private List<LiveResult.Child> childList() {
    List<LiveResult.Child> list = new ArrayList<>();
    sampledProcesses()
        .forEach(
            (name, pid) ->
                list.add(
                    new LiveResult.Child(
                        name,
                        pid,
                        children.stream()
                            .filter(c -> c.name().equals(name))
                            .map(c -> c.log().getFileName().toString())
                            .findFirst()
                            .orElse(""))));
    return list;
  }

  /** Stops the services together, then the devstack (they need its broker to leave cleanly). */
  private void stopChildren() {
    List<ChildJvm> services;
    ChildJvm devstack;
    synchronized (children) {
      services = children.stream().filter(c -> !c.name().equals("devstack")).toList();
      devstack =
          children.stream().filter(c -> c.name().equals("devstack")).findFirst().orElse(null);
    }
    CompletableFuture.allOf(
            services.stream()
                .map(c -> CompletableFuture.runAsync(c::close))
                .toArray(CompletableFuture[]::new))
        .join();
    if (devstack != null) {
      devstack.close();
    }
  }

  private boolean allGone() {
    synchronized (children) {
      return children.stream()
          .flatMap(c -> c.allPids().stream())
          .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
  }

  /** Pids of every child process and their descendants, for checking nothing is left. */
  public List<Long> childPids() {
    synchronized (children) {
      return children.stream().flatMap(c -> c.allPids().stream()).toList();
    }
  }

  private LiveResult.Settings settings(
      Instant started, double load, long otherJava, double startupSeconds) {
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
        started.toString(),
        load,
        otherJava,
        startupSeconds);
  }

  /** Java processes not started by this run, to say what else shared the machine. */
  private static long otherJavaProcesses() {
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self)
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .count();
  }

  private static Map<String, List<String>> groupInputs() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("compressnet-encoder", List.of(Topics.IMAGES_RAW));
    m.put("compressnet-decoder", List.of(Topics.IMAGES_LATENT));
    m.put("compressnet-quality-monitor", List.of(Topics.IMAGES_RAW, Topics.IMAGES_RECONSTRUCTED));
    return java.util.Collections.unmodifiableMap(m);
  }
}
