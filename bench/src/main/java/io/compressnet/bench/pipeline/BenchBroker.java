package io.compressnet.bench.pipeline;

import io.compressnet.decoder.DecoderConfig;
import io.compressnet.decoder.DecoderService;
import io.compressnet.devstack.DevStack;
import io.compressnet.encoder.EncoderConfig;
import io.compressnet.encoder.EncoderService;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.streams.InferenceServiceKeys;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.TemporaryStateDir;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * The embedded broker and registry of one pipeline run (DevStack) and the Kafka plumbing its phases
 * share: topics and names, the producer, pre-loaded input, and the services under test.
 */
final class BenchBroker implements AutoCloseable {

  /**
   * An app under test: its configuration and its topology, built on the metrics it counts into
   * (before the app is timed: building the encoder's loads its model).
   */
  record Service(ServiceConfig config, Function<ServiceMetrics, Topology> topology) {}

  static final int PARTITIONS = Topics.DEFAULT_PARTITIONS;

  private final PipelineCommand options;
  private final ImageSet images;
  private final Path stateDir;
  private final DevStack stack;
  private final SchemaRegistryClient registry;
  private final Serializer<ImageEvent> imageSerializer;

  /** Makes this run's names unique on a broker that may hold an earlier run's topics. */
  private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

  /** Records each pre-loaded input topic holds (checked when loaded). */
  private final Map<String, Long> preloaded = new HashMap<>();

  private BenchBroker(PipelineCommand options, ImageSet images, Path stateDir, DevStack stack) {
    this.options = options;
    this.images = images;
    this.stateDir = stateDir;
    this.stack = stack;
    this.registry = new RestSchemaRegistryClient(RegistryClientConfig.of(stack.registryUrl()));
    this.imageSerializer = new SpecificAvroSerde<>(registry, ImageEvent.class, true).serializer();
  }

  /** Starts the broker and the local registry; {@code images} are what the phases send. */
  static BenchBroker start(PipelineCommand options, ImageSet images, PrintStream log)
      throws IOException {
    Path stateDir = Files.createTempDirectory("compressnet-bench-streams-");
    log.println("starting the embedded broker and the local registry ...");
    DevStack stack = null;
    try {
      stack =
          DevStack.start(
              DevStack.Options.defaults()
                  .withTopics(List.of(Topics.IMAGES_DLQ), PARTITIONS)
                  .withRegistryStartupTimeout(Duration.ofSeconds(180)));
      return new BenchBroker(options, images, stateDir, stack);
    } catch (RuntimeException e) {
      if (stack != null) {
        stack.close();
      }
      TemporaryStateDir.deleteTree(stateDir);
      throw e;
    }
  }

  @Override
  public void close() {
    try (DevStack closing = stack) {
      registry.close();
    } finally {
      TemporaryStateDir.deleteTree(stateDir);
    }
  }

  String bootstrapServers() {
    return stack.bootstrapServers();
  }

  SchemaRegistryClient registry() {
    return registry;
  }

  Admin admin() {
    return stack.kafka().admin();
  }

  /** The application id, and the output topic, of a phase's app in one repetition. */
  String name(String label, int rep) {
    return "bench-" + label + "-r" + rep + "-" + runId;
  }

  /** Creates topics of {@link #PARTITIONS} partitions, each with its topic configs. */
  void createTopics(Map<String, Map<String, String>> topics) throws Exception {
    try (Admin admin = admin()) {
      List<NewTopic> list =
          topics.entrySet().stream()
              .map(e -> new NewTopic(e.getKey(), PARTITIONS, (short) 1).configs(e.getValue()))
              .toList();
      admin.createTopics(list).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot create topics " + topics.keySet() + ": " + e.getCause(), e);
    }
  }

  /** Registers the value schema of {@code topic}, as a service's producer would. */
  void registerValueSchema(String topic, Schema schema) {
    registry.register(Topics.valueSubject(topic), schema);
  }

  KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-producer");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Sends {@code n} images (the sample, cycled) with fresh ids, checked by {@link InputLoader}. */
  void preload(String topic, int n, String prefix) throws InterruptedException {
    try (KafkaProducer<String, byte[]> producer = producer();
        Admin admin = admin()) {
      InputLoader.Loaded loaded =
          InputLoader.load(producer, admin, topic, n, i -> imageRecord(topic, prefix, i));
      preloaded.put(topic, loaded.records());
    }
  }

  /**
   * Fails a run at once when its pre-loaded input holds fewer records than its target: it could
   * only end by timing out, after processing everything (the zstd run's input holds exactly the
   * target). Decoder inputs are the latents of an encoder run that reached the same target.
   */
  void requireEnoughInput(String label, String input, int target) {
    Long records = preloaded.get(input);
    if (records != null && records < target) {
      throw new IllegalStateException(
          label + ": input " + input + " holds " + records + " records, the run needs " + target);
    }
  }

  /** Image {@code i} of the sample (cycled), id {@code prefix-run-i}, captured now. */
  ProducerRecord<String, byte[]> imageRecord(String topic, String prefix, long i) {
    String id = prefix + "-" + runId + "-" + i;
    ImageEvent event =
        ImageEvent.newBuilder()
            .setId(id)
            .setSource("bench")
            .setCapturedAt(Instant.now())
            .setWidth(images.width())
            .setHeight(images.height())
            .setPixels(ByteBuffer.wrap(images.images()[(int) (i % images.size())]))
            .setLabel(null)
            .build();
    return new ProducerRecord<>(topic, id, imageSerializer.serialize(topic, event));
  }

  /** The encoder service; its output's value schema is registered, as its producer would. */
  Service encoder(String appId, String input, String output, int batch, Map<String, String> extra) {
    EncoderConfig config = encoderConfig(appId, input, output, batch, extra);
    registerValueSchema(output, LatentVector.getClassSchema());
    return new Service(config.service(), m -> EncoderService.buildTopology(config, registry, m));
  }

  Service decoder(String appId, String input, String output, int batch, Map<String, String> extra) {
    Map<String, String> o = serviceSettings(appId, input, output, batch);
    o.put(
        DecoderConfig.MODELS_DIR.property(), options.model.toAbsolutePath().getParent().toString());
    o.putAll(extra);
    DecoderConfig config = DecoderConfig.SPEC.load(Map.of(), null, o);
    registerValueSchema(output, ReconstructedImage.getClassSchema());
    return new Service(config.service(), m -> DecoderService.buildTopology(config, registry, m));
  }

  /** A pass-through app, configured as the encoder at batch 64. */
  Service passThrough(String appId, String input, String output, PassThroughTopologies.Kind kind) {
    EncoderConfig config = encoderConfig(appId, input, output, 64, Map.of());
    var serde = new SpecificAvroSerde<>(registry, ImageEvent.class, true);
    registerValueSchema(output, ImageEvent.getClassSchema());
    return new Service(
        config.service(),
        m -> PassThroughTopologies.of(kind, input, output, config.inference(), serde, m));
  }

  private EncoderConfig encoderConfig(
      String appId, String input, String output, int batch, Map<String, String> extra) {
    Map<String, String> o = serviceSettings(appId, input, output, batch);
    o.put(EncoderConfig.MODEL_DIR.property(), options.model.toString());
    o.put(EncoderConfig.REFINE_STEPS.property(), Integer.toString(options.refineSteps));
    o.putAll(extra);
    return EncoderConfig.SPEC.load(Map.of(), null, o);
  }

  /** What every service of the benchmark is given: this broker, registry, state dir, topics. */
  private Map<String, String> serviceSettings(
      String appId, String input, String output, int batch) {
    Map<String, String> o = new HashMap<>();
    o.put(ServiceConfig.BOOTSTRAP_SERVERS.property(), stack.bootstrapServers());
    o.put(ServiceConfig.SCHEMA_REGISTRY_URL.property(), stack.registryUrl());
    o.put(ServiceConfig.APPLICATION_ID.property(), appId);
    o.put(ServiceConfig.METRICS_PORT.property(), "0");
    o.put("state.dir", stateDir.toString());
    o.put(InferenceServiceKeys.INPUT_TOPIC.property(), input);
    o.put(InferenceServiceKeys.OUTPUT_TOPIC.property(), output);
    o.put(InferenceServiceKeys.BATCH_SIZE.property(), Integer.toString(batch));
    return o;
  }
}
