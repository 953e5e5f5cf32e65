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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The pipeline as a user runs it: {@code devstack}, {@code encoder}, {@code decoder} and {@code
 * monitor} as separate child JVMs with default settings, images from a producer in this JVM at a
 * fixed rate, and what comes out read back. See {@code docs/bench/README.md}.
 *
 * <p>This class holds the phases of a run (start, probe, warm-up, measure, drain, report). The
 * child JVMs are in {@link ChildProcesses}, a mid-run restart in {@link ServiceRestart}, the
 * sampling in {@link LiveSampler}, what the report says about the run in {@link RunSettings}, and
 * the report itself in {@link LiveAnalysis} and {@link LiveReport}.
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
  private final ChildProcesses children;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private volatile RecoveryResult recovery;

  public LiveBench(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    try {
      this.stateRoot = Files.createTempDirectory("compressnet-live-state-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.environment =
        new ChildEnvironment(System.getenv(), options.model(), options.env(), stateRoot);
    this.children = new ChildProcesses(options.classpath(), options.mainClass(), options.output());
  }

  /** Runs the benchmark, writes the report into {@code options.output()} and returns it. */
  public LiveResult run() throws Exception {
    Files.createDirectories(options.output());
    LabelledImages replay = ImageReplayer.load(options.images(), 0);
    Thread hook = new Thread(children::stopAll, "bench-live-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    LiveResult result;
    RunSettings.MachineAtStart machine = RunSettings.MachineAtStart.now();
    try {
      result = measure(replay, machine);
    } finally {
      long stopStart = System.nanoTime();
      children.stopAll();
      out.printf("Stopped every child in %.1f s.%n", (System.nanoTime() - stopStart) / 1e9);
      io.compressnet.streams.TemporaryStateDir.deleteTree(stateRoot);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is already running.
      }
    }
    result = LiveAnalysis.withChildrenGone(result, children.allGone());
    LiveReport.write(result, options.output());
    if (recovery != null) {
      recovery.write(options.output());
    }
    return result;
  }

  /** Pids of every child process and their descendants, for checking nothing is left. */
  public List<Long> childPids() {
    return children.allPids();
  }

  private LiveResult measure(LabelledImages replay, RunSettings.MachineAtStart machine)
      throws Exception {
    long t0 = System.nanoTime();
    List<String> addresses = startDevstack();
    String bootstrap = addresses.get(0);
    String registryUrl = addresses.get(1);
    startServices(bootstrap, registryUrl);

    try (SchemaRegistryClient registry =
            new RestSchemaRegistryClient(RegistryClientConfig.of(registryUrl));
        KafkaProducer<String, ImageEvent> producer = producer(bootstrap, registry);
        LiveReader reader = startReader(bootstrap, registry);
        LiveSampler sampler =
            new LiveSampler(bootstrap, GROUP_INPUTS, children::sampledPids, reader).start()) {
      new ImageReplayer(producer, Topics.IMAGES_RAW, LiveReader.Phase.PROBE.source)
          .replay(replay, 0, PROBE_IMAGES, run);
      awaitProbes(reader);
      double startup = (System.nanoTime() - t0) / 1e9;
      out.printf("Pipeline ready after %.1f s (probe images reconstructed and scored).%n", startup);
      warmUp(producer, replay, sampler);

      out.printf("Measuring for %d s at %.0f images/s ...%n", options.seconds(), options.rate());
      sampler.startMeasuring();
      ImageReplayer measured =
          new ImageReplayer(producer, Topics.IMAGES_RAW, LiveReader.Phase.MEASURED.source);
      sampler.countSent(measured::acknowledged);
      ServiceRestart restart =
          options.restart() == null
              ? null
              : ServiceRestart.schedule(options.restart(), children, out);
      long sent = sendWatched(measured, replay, (long) (options.rate() * options.seconds()));
      if (restart != null) {
        restart.awaitDone();
      }

      sampler.phase("drain");
      long drainStart = System.nanoTime();
      drain(reader, measured.acknowledged());
      out.printf("Drained in %.1f s.%n", (System.nanoTime() - drainStart) / 1e9);
      sampler.stopSampling();
      if (restart != null) {
        reportRecovery(restart.recovery(reader.latencies()));
      }
      return LiveAnalysis.analyse(
          RunSettings.of(options, machine, startup),
          children.describe(),
          sent,
          measured.acknowledged(),
          measured.failed(),
          reader,
          sampler.samples(),
          options);
    }
  }

  /** Starts the broker and registry child; returns its bootstrap servers and registry URL. */
  private List<String> startDevstack() throws IOException, InterruptedException {
    out.println("Starting devstack (broker + registry) ...");
    ChildJvm devstack =
        children.launch(
            "devstack",
            environment.devstack(),
            "devstack",
            "--kafka-port",
            "0",
            "--registry-port",
            "0");
    List<String> addresses = devstack.awaitOutput(DEVSTACK_TIMEOUT, BOOTSTRAP, REGISTRY);
    out.println(
        "  bootstrap.servers = "
            + addresses.get(0)
            + ", schema.registry.url = "
            + addresses.get(1));
    return addresses;
  }

  private void startServices(String bootstrap, String registryUrl) throws IOException {
    out.println("Starting encoder, decoder, monitor ...");
    children.launchService("encoder", environment.encoder(bootstrap, registryUrl));
    children.launchService("decoder", environment.decoder(bootstrap, registryUrl));
    children.launchService("monitor", environment.monitor(bootstrap, registryUrl));
  }

  private LiveReader startReader(String bootstrap, SchemaRegistryClient registry) {
    return new LiveReader(
            bootstrap,
            new SpecificAvroSerde<>(registry, ReconstructedImage.class, false).deserializer(),
            run)
        .start();
  }

  private void warmUp(
      KafkaProducer<String, ImageEvent> producer, LabelledImages replay, LiveSampler sampler)
      throws InterruptedException {
    if (options.warmupSeconds() <= 0) {
      return;
    }
    out.printf(
        "Warming up for %d s at %.0f images/s ...%n", options.warmupSeconds(), options.rate());
    sampler.phase("warmup");
    sendWatched(
        new ImageReplayer(producer, Topics.IMAGES_RAW, LiveReader.Phase.WARMUP.source),
        replay,
        (long) (options.rate() * options.warmupSeconds()));
  }

  /** Keeps the recovery for the report and prints it; a restart that never stopped gives none. */
  private void reportRecovery(RecoveryResult result) {
    if (result != null) {
      recovery = result;
      out.println(result.describe());
    }
  }

  /** Sends {@code count} images on this thread while a watcher checks that every child lives. */
  private long sendWatched(ImageReplayer replayer, LabelledImages replay, long count)
      throws InterruptedException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread watcher = children.interruptOnDeath(Thread.currentThread(), done);
    long sent;
    try {
      sent = replayer.replay(replay, options.rate(), count, run);
    } catch (InterruptException e) {
      children.requireAllAlive();
      throw e;
    } finally {
      done.complete(null);
      watcher.interrupt();
    }
    if (Thread.interrupted()) {
      children.requireAllAlive();
      throw new InterruptedException("interrupted while sending");
    }
    return sent;
  }

  private void awaitProbes(LiveReader reader) throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (reader.probesReconstructed() < PROBE_IMAGES || !reader.anyProbeScored()) {
      children.requireAllAlive();
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
      children.requireAllAlive();
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

  private static Map<String, List<String>> groupInputs() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("compressnet-encoder", List.of(Topics.IMAGES_RAW));
    m.put("compressnet-decoder", List.of(Topics.IMAGES_LATENT));
    m.put("compressnet-quality-monitor", List.of(Topics.IMAGES_RAW, Topics.IMAGES_RECONSTRUCTED));
    return Collections.unmodifiableMap(m);
  }
}
