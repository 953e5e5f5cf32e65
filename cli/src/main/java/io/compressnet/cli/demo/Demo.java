package io.compressnet.cli.demo;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.decoder.DecoderConfig;
import io.compressnet.decoder.DecoderService;
import io.compressnet.devstack.DevStack;
import io.compressnet.encoder.EncoderConfig;
import io.compressnet.encoder.EncoderService;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.imaging.data.ImageSourceException;
import io.compressnet.imaging.data.LabelledImages;
import io.compressnet.imaging.data.ReadProgress;
import io.compressnet.monitor.MonitorConfig;
import io.compressnet.monitor.MonitorSummary;
import io.compressnet.monitor.QualityMonitor;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.StreamsApp;
import io.compressnet.streams.TemporaryStateDir;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The whole pipeline in one process: (an embedded broker and registry unless given,) encoder,
 * decoder and monitor, fed by a replay of an IDX file, with live figures on the terminal and a
 * summary at the end. Everything it starts is closed in reverse order, also on Ctrl-C.
 */
public final class Demo implements AutoCloseable {

  /** What to run. */
  public record Settings(
      ImageSource images,
      int limit,
      double rate,
      String bootstrapServers,
      String registryUrl,
      Path modelDir,
      Path modelsDir,
      int dashboardPort,
      Duration drainTimeout,
      int refineSteps) {}

  private final Settings settings;
  private final PrintStream out;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  public Demo(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  /**
   * The images to replay, in the model's channel count (a grayscale model is shown colour images as
   * their luma, and the other way round); a size the model does not take is refused here rather
   * than dead-lettered image by image.
   */
  private LabelledImages imagesFor(ModelBundle bundle) throws IOException {
    ModelSpec spec = bundle.spec();
    LabelledImages read =
        settings.images().withChannels(spec.channels()).read(settings.limit(), ReadProgress.NONE);
    ImageSet set = read.images();
    if (set.width() != spec.width() || set.height() != spec.height()) {
      throw new ImageSourceException(
          String.format(
              "%s holds %dx%d images but model %s takes %dx%d: give images of the model's size,"
                  + " or train a model on yours (README, \"Train on your own images\")",
              settings.images().displayName(),
              set.width(),
              set.height(),
              bundle.modelId(),
              spec.width(),
              spec.height()));
    }
    return read;
  }

  /** Runs to the end of the replay and the drain; returns the final summary. */
  public MonitorSummary run() throws Exception {
    ModelBundle bundle = ModelBundle.load(settings.modelDir());
    LabelledImages replay = imagesFor(bundle);
    String bootstrap = settings.bootstrapServers();
    String registryUrl = settings.registryUrl();
    if (bootstrap == null || registryUrl == null) {
      out.println("starting the embedded Kafka broker and the local schema registry ...");
      DevStack stack = remember(DevStack.start());
      bootstrap = bootstrap == null ? stack.bootstrapServers() : bootstrap;
      registryUrl = registryUrl == null ? stack.registryUrl() : registryUrl;
    } else {
      ensureTopics(bootstrap);
    }
    out.printf("kafka %s, schema registry %s%n", bootstrap, registryUrl);
    out.printf("model %s (%d latent dims)%n", bundle.modelId(), bundle.spec().latentDims());

    SchemaRegistryClient registry =
        remember(new RestSchemaRegistryClient(RegistryClientConfig.of(registryUrl)));
    Map<String, String> common = commonOverrides(bootstrap, registryUrl);
    // Remembered before the services, so it is deleted after they have closed.
    TemporaryStateDir stateDir = remember(TemporaryStateDir.create("compressnet-demo-state-"));
    common.put("state.dir", stateDir.path().toString());
    ServiceMetrics encoderMetrics = ServiceMetrics.inMemory("encoder");
    ServiceMetrics decoderMetrics = ServiceMetrics.inMemory("decoder");
    EncoderConfig encoderConfig =
        EncoderConfig.SPEC.load(
            Map.of(),
            null,
            with(
                common,
                EncoderConfig.MODEL_DIR.property(),
                settings.modelDir().toString(),
                ServiceConfig.APPLICATION_ID.property(),
                "compressnet-demo-encoder",
                EncoderConfig.REFINE_STEPS.property(),
                Integer.toString(settings.refineSteps())));
    DecoderConfig decoderConfig =
        DecoderConfig.SPEC.load(
            Map.of(),
            null,
            with(
                common,
                DecoderConfig.MODELS_DIR.property(),
                settings.modelsDir().toString(),
                ServiceConfig.APPLICATION_ID.property(),
                "compressnet-demo-decoder"));
    remember(
        StreamsApp.start(
            EncoderService.buildTopology(encoderConfig, registry, encoderMetrics),
            encoderConfig.service(),
            encoderMetrics));
    remember(
        StreamsApp.start(
            DecoderService.buildTopology(decoderConfig, registry, decoderMetrics),
            decoderConfig.service(),
            decoderMetrics));
    QualityMonitor monitor =
        remember(
            QualityMonitor.start(
                MonitorConfig.load(
                    Map.of(),
                    null,
                    with(
                        common,
                        MonitorConfig.DASHBOARD_PORT,
                        Integer.toString(settings.dashboardPort()),
                        MonitorConfig.APPLICATION_ID,
                        "compressnet-demo-monitor")),
                registry));
    out.printf("dashboard http://127.0.0.1:%d/%n", monitor.dashboardPort());
    // The monitor's totals are its application's, kept in state stores across runs: on a broker
    // that an earlier demo used, they start from that run's figures.
    monitor.awaitRunning(Duration.ofMinutes(2));
    long accountedBefore = accounted(monitor.summary());

    KafkaProducer<String, ImageEvent> producer =
        remember(
            new KafkaProducer<>(
                producerProperties(bootstrap),
                new StringSerializer(),
                new SpecificAvroSerde<>(registry, ImageEvent.class, true).serializer()));
    ImageReplayer replayer = new ImageReplayer(producer);
    int total = replay.images().size();
    out.printf(
        "replaying %d images from %s at %s ...%n",
        total,
        settings.images().displayName(),
        settings.rate() > 0
            ? String.format(Locale.ROOT, "%.0f images/s", settings.rate())
            : "full speed");
    Thread feeder = new Thread(() -> replayer.replay(replay, settings.rate()), "demo-replay");
    feeder.start();
    Progress progress = new Progress(out, total, bundle.spec().values());
    long drainDeadline = Long.MAX_VALUE;
    while (true) {
      MonitorSummary s = monitor.summary();
      long accounted = accounted(s) - accountedBefore;
      progress.print(replayer.acknowledged(), encoderMetrics, decoderMetrics, s);
      if (!feeder.isAlive() && drainDeadline == Long.MAX_VALUE) {
        drainDeadline = System.nanoTime() + settings.drainTimeout().toNanos();
      }
      if ((!feeder.isAlive() && accounted >= replayer.acknowledged())
          || System.nanoTime() > drainDeadline) {
        break;
      }
      Thread.sleep(1000);
    }
    progress.finish();
    MonitorSummary summary = monitor.summary();
    out.println();
    out.println("summary");
    if (accountedBefore > 0) {
      out.printf(
          "(the monitor application %s had accounted for %d images in earlier runs on this broker;"
              + " its figures below include them)%n",
          "compressnet-demo-monitor", accountedBefore);
    }
    out.printf(
        Locale.ROOT,
        "%-26s %d (%d acknowledged by the broker)%n",
        "images sent",
        replayer.acknowledged() + replayer.failed(),
        replayer.acknowledged());
    out.printf(
        Locale.ROOT,
        "%-26s %d / %d%n",
        "encoded / decoded",
        encoderMetrics.outCount(),
        decoderMetrics.outCount());
    out.printf(
        Locale.ROOT,
        "%-26s %d raw, %.2f latent (mean as carried on %s)%n",
        "bytes per image",
        bundle.spec().values(),
        summary.meanLatentBytes(),
        Topics.IMAGES_LATENT);
    out.print(summary.toTable());
    return summary;
  }

  /** Images the monitor has settled: scored, missing, dead-lettered or left out by sampling. */
  private static long accounted(MonitorSummary s) {
    return s.count() + s.missing() + s.deadLetters() + s.sampledOut();
  }

  private static Map<String, String> commonOverrides(String bootstrap, String registryUrl) {
    Map<String, String> m = new HashMap<>();
    m.put(ServiceConfig.BOOTSTRAP_SERVERS.property(), bootstrap);
    m.put(ServiceConfig.SCHEMA_REGISTRY_URL.property(), registryUrl);
    // The demo runs three services in one JVM: no Prometheus ports of their own.
    m.put(ServiceConfig.METRICS_PORT.property(), "0");
    // Commit twice a second so the terminal and the dashboard move smoothly; more often only
    // multiplies transaction round trips.
    m.put("commit.interval.ms", "500");
    // Three exactly-once apps, a broker and a registry share a laptop's CPU: one slow loop (a
    // first schema registration, opening state stores, a batch of inference) must not outlast the
    // transaction (Streams' default 10 s), or the thread is fenced and restores its state again.
    m.put("producer.transaction.timeout.ms", "60000");
    // The three services already share the JVM's cores: one stream thread each, no scaling (a
    // thread per core each would shed its second thread mid-run, a rebalance in the middle of the
    // demo's images).
    m.put(ServiceConfig.MAX_STREAM_THREADS.property(), "1");
    return m;
  }

  private static Map<String, String> with(Map<String, String> base, String... keyValues) {
    Map<String, String> m = new HashMap<>(base);
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static Properties producerProperties(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return p;
  }

  /** Creates missing CompressNet topics on a broker the user pointed us at. */
  private static void ensureTopics(String bootstrap) throws InterruptedException {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          Topics.all().stream()
              .filter(t -> !existing.contains(t))
              .map(t -> new NewTopic(t, Topics.DEFAULT_PARTITIONS, (short) -1))
              .collect(Collectors.toList());
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot create topics on " + bootstrap + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  private <T extends AutoCloseable> T remember(T resource) {
    started.push(resource);
    return resource;
  }

  /** Stops everything started, newest first. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        out.println("while shutting down: " + e);
      }
    }
  }
}
