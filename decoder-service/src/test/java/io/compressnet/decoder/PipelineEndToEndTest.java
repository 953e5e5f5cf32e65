package io.compressnet.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.EntropyTableFit;
import io.compressnet.codec.inference.UntrainedBundles;
import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.devstack.DevStack;
import io.compressnet.encoder.EncoderConfig;
import io.compressnet.encoder.EncoderService;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.metrics.ImageMetrics;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.LatentEncoding;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.streams.AvroBytes;
import io.compressnet.streams.ServiceConfig;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.StreamsApp;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Encoder and decoder on the real embedded broker and the Apicurio registry. The stack is started
 * here rather than by {@code DevStackExtension} to allow the registry more than the default 60 s to
 * start: on a loaded 2-core machine it has needed longer.
 */
class PipelineEndToEndTest {

  private static DevStack stack;

  @BeforeAll
  static void startStack() {
    List<String> topics = new java.util.ArrayList<>(io.compressnet.schemas.Topics.all());
    for (int step : CODED_STEPS) {
      topics.addAll(List.of(codedRaw(step), codedLatent(step), codedReconstructed(step)));
    }
    topics.addAll(List.of(RGB_RAW, RGB_LATENT, RGB_RECONSTRUCTED));
    stack =
        DevStack.start(
            DevStack.Options.defaults()
                .withTopics(topics, io.compressnet.schemas.Topics.DEFAULT_PARTITIONS)
                .withRegistryStartupTimeout(Duration.ofMinutes(4)));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  private static final int N = 200;

  // The coded pipeline has topics of its own, so the two tests' services never see each other's
  // records (whichever runs first).
  /** Step multipliers of the range-coded runs: the trained grid and one 8 times coarser. */
  private static final int[] CODED_STEPS = {1, 8};

  private static String codedRaw(int step) {
    return "coded" + step + ".raw";
  }

  private static String codedLatent(int step) {
    return "coded" + step + ".latent";
  }

  private static String codedReconstructed(int step) {
    return "coded" + step + ".reconstructed";
  }

  private static final String RGB_RAW = "rgb.raw";
  private static final String RGB_LATENT = "rgb.latent";
  private static final String RGB_RECONSTRUCTED = "rgb.reconstructed";
  private static final Path SAMPLE =
      Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz").toAbsolutePath();

  @Test
  void shouldReconstructEveryImageWithTheSameErrorAsTheCodecDirectly(@TempDir Path tmp)
      throws Exception {
    // Given: a model, N sample images on images.raw
    ModelBundle bundle =
        UntrainedBundles.create(tmp.resolve("models/m"), "e2e-ps8-int8", 8, "INT8");
    ImageSet images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, N);
    Map<String, String> common =
        Map.of(
            "bootstrap.servers",
            stack.bootstrapServers(),
            "schema.registry.url",
            stack.registryUrl(),
            "compressnet.metrics.port",
            "0",
            "compressnet.batch.size",
            "32");
    ServiceConfig encoderSettings =
        EncoderConfig.SPEC
            .loader()
            .overrides(common)
            .override("compressnet.model.dir", tmp.resolve("models/m").toString())
            .override("state.dir", tmp.resolve("state-enc").toString())
            .load();
    ServiceConfig decoderSettings =
        DecoderConfig.SPEC
            .loader()
            .overrides(common)
            .override("compressnet.models.dir", tmp.resolve("models").toString())
            .override("state.dir", tmp.resolve("state-dec").toString())
            .load();
    ServiceMetrics encoderMetrics = ServiceMetrics.inMemory("encoder");
    ServiceMetrics decoderMetrics = ServiceMetrics.inMemory("decoder");
    Map<String, byte[]> originals = new HashMap<>();

    try (SchemaRegistryClient registry =
            new RestSchemaRegistryClient(RegistryClientConfig.of(stack.registryUrl()));
        StreamsApp encoder =
            StreamsApp.start(
                EncoderService.buildTopology(
                    EncoderConfig.from(encoderSettings), registry, encoderMetrics),
                encoderSettings,
                encoderMetrics);
        StreamsApp decoder =
            StreamsApp.start(
                DecoderService.buildTopology(
                    DecoderConfig.from(decoderSettings), registry, decoderMetrics),
                decoderSettings,
                decoderMetrics)) {

      // When
      produce(stack, registry, images, originals, "images.raw", "e2e-");
      Map<String, byte[]> reconstructed =
          consume(stack, registry, N, "images.reconstructed", "e2e-", Duration.ofMinutes(8));

      // Then: every image came back, with the error the codec gives directly
      assertThat(reconstructed.keySet()).isEqualTo(originals.keySet());
      double pipelineMse = meanMse(originals, reconstructed);
      double directMse = directMeanMse(bundle, images, bundle.defaultEncoding());
      assertThat(pipelineMse).isCloseTo(directMse, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(encoderMetrics.outCount()).isEqualTo(N);
      assertThat(decoderMetrics.outCount()).isEqualTo(N);
      assertThat(encoderMetrics.deadLetterCount() + decoderMetrics.deadLetterCount()).isZero();
    }
  }

  @ParameterizedTest(name = "latent grid step x{0}")
  @ValueSource(ints = {1, 8})
  void shouldCarryRangeCodedLatentsShorterThanInt8AndReconstructEveryImage(
      int stepMultiplier, @TempDir Path tmp) throws Exception {
    // Given: the shipped model with tables fitted on sample images other than the N sent, on its
    // trained grid or (the rate knob) one 8 times coarser, whose bundle sends INT8_RANGE by default
    ImageSet sample = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 2000);
    ImageSet images = sample.slice(0, N);
    ModelBundle bundle =
        EntropyTableFit.fitAndWrite(
                ModelBundle.load(Path.of("../models/default")),
                sample.slice(N, 2000),
                tmp.resolve("models/coded"),
                stepMultiplier)
            .bundle();
    String codedRaw = codedRaw(stepMultiplier);
    String codedLatent = codedLatent(stepMultiplier);
    String codedReconstructed = codedReconstructed(stepMultiplier);
    Map<String, String> common =
        Map.of(
            "bootstrap.servers",
            stack.bootstrapServers(),
            "schema.registry.url",
            stack.registryUrl(),
            "compressnet.metrics.port",
            "0",
            "compressnet.batch.size",
            "32");
    ServiceConfig.Loader encoderLoader =
        EncoderConfig.SPEC
            .loader()
            .overrides(common)
            .override("application.id", "e2e-coded-encoder-" + stepMultiplier)
            .override("compressnet.model.dir", tmp.resolve("models/coded").toString())
            .override("compressnet.topic.input", codedRaw)
            .override("compressnet.topic.output", codedLatent)
            .override("state.dir", tmp.resolve("state-enc").toString());
    // The trained grid's bundle defaults to INT8, so it is told; the coarser one is not.
    ServiceConfig encoderSettings =
        stepMultiplier == 1
            ? encoderLoader.override("compressnet.latent.encoding", "INT8_RANGE").load()
            : encoderLoader.load();
    ServiceConfig decoderSettings =
        DecoderConfig.SPEC
            .loader()
            .overrides(common)
            .override("application.id", "e2e-coded-decoder-" + stepMultiplier)
            .override("compressnet.topic.input", codedLatent)
            .override("compressnet.topic.output", codedReconstructed)
            .override("compressnet.models.dir", tmp.resolve("models").toString())
            .override("state.dir", tmp.resolve("state-dec").toString())
            .load();
    ServiceMetrics encoderMetrics = ServiceMetrics.inMemory("encoder");
    ServiceMetrics decoderMetrics = ServiceMetrics.inMemory("decoder");
    Map<String, byte[]> originals = new HashMap<>();

    try (SchemaRegistryClient registry =
            new RestSchemaRegistryClient(RegistryClientConfig.of(stack.registryUrl()));
        StreamsApp encoder =
            StreamsApp.start(
                EncoderService.buildTopology(
                    EncoderConfig.from(encoderSettings), registry, encoderMetrics),
                encoderSettings,
                encoderMetrics);
        StreamsApp decoder =
            StreamsApp.start(
                DecoderService.buildTopology(
                    DecoderConfig.from(decoderSettings), registry, decoderMetrics),
                decoderSettings,
                decoderMetrics)) {

      // When
      produce(stack, registry, images, originals, codedRaw, "coded-");
      Map<String, byte[]> reconstructed =
          consume(stack, registry, N, codedReconstructed, "coded-", Duration.ofMinutes(8));
      Map<String, LatentVector> latents = consumeLatents(stack, registry, N, codedLatent, "coded-");

      // Then: N in, N reconstructions out, each with the error of the INT8 codes it came from
      assertThat(reconstructed.keySet()).isEqualTo(originals.keySet());
      assertThat(meanMse(originals, reconstructed))
          .isCloseTo(
              directMeanMse(bundle, images, Encoding.INT8),
              org.assertj.core.data.Offset.offset(1e-9));
      assertThat(encoderMetrics.deadLetterCount() + decoderMetrics.deadLetterCount()).isZero();
      // and images.latent carried fewer bytes than the fixed 32, coded where that was shorter
      assertThat(latents).hasSize(N);
      double meanBytes =
          latents.values().stream()
              .mapToInt(v -> v.getLatent().remaining())
              .average()
              .orElseThrow();
      long coded =
          latents.values().stream()
              .filter(v -> v.getEncoding() == LatentEncoding.INT8_RANGE)
              .count();
      assertThat(meanBytes).isLessThan(stepMultiplier == 1 ? 32 : 24);
      assertThat(coded).isPositive();
      assertThat(latents.values())
          .allSatisfy(
              v -> {
                int bytes = v.getLatent().remaining();
                if (v.getEncoding() == LatentEncoding.INT8) {
                  assertThat(bytes).isEqualTo(32);
                } else {
                  assertThat(v.getEncoding()).isEqualTo(LatentEncoding.INT8_RANGE);
                  assertThat(bytes).isLessThan(32);
                }
              });
      System.out.printf(
          "e2e INT8_RANGE step x%d: %d images, mean %.2f B/latent on the latent topic, %d coded,"
              + " %d INT8%n",
          stepMultiplier, N, meanBytes, coded, N - coded);
    }
  }

  @Test
  void shouldCarryRgbImagesThroughEncoderAndDecoderAsRgb(@TempDir Path tmp) throws Exception {
    // Given an RGB model of 20x16 and synthetic colour images on a topic of their own
    ModelSpec spec = new ModelSpec(Architecture.LITE3, 20, 16, 8, 3);
    ModelBundle bundle =
        UntrainedBundles.create(tmp.resolve("models/rgb"), "e2e-rgb-lite3-8-int8", spec, "INT8");
    ImageSet images = syntheticRgb(spec, 60);
    Map<String, String> common =
        Map.of(
            "bootstrap.servers",
            stack.bootstrapServers(),
            "schema.registry.url",
            stack.registryUrl(),
            "compressnet.metrics.port",
            "0",
            "compressnet.batch.size",
            "16");
    ServiceConfig encoderSettings =
        EncoderConfig.SPEC
            .loader()
            .overrides(common)
            .override("compressnet.model.dir", tmp.resolve("models/rgb").toString())
            .override("compressnet.topic.input", RGB_RAW)
            .override("compressnet.topic.output", RGB_LATENT)
            .override("application.id", "e2e-rgb-encoder")
            .override("state.dir", tmp.resolve("state-enc").toString())
            .load();
    ServiceConfig decoderSettings =
        DecoderConfig.SPEC
            .loader()
            .overrides(common)
            .override("compressnet.models.dir", tmp.resolve("models").toString())
            .override("compressnet.topic.input", RGB_LATENT)
            .override("compressnet.topic.output", RGB_RECONSTRUCTED)
            .override("application.id", "e2e-rgb-decoder")
            .override("state.dir", tmp.resolve("state-dec").toString())
            .load();
    ServiceMetrics encoderMetrics = ServiceMetrics.inMemory("encoder");
    ServiceMetrics decoderMetrics = ServiceMetrics.inMemory("decoder");
    Map<String, byte[]> originals = new HashMap<>();
    try (SchemaRegistryClient registry =
            new RestSchemaRegistryClient(RegistryClientConfig.of(stack.registryUrl()));
        StreamsApp encoder = RunningServices.encoder(encoderSettings, encoderMetrics);
        StreamsApp decoder = RunningServices.decoder(decoderSettings, decoderMetrics)) {
      // When
      produce(stack, registry, images, originals, RGB_RAW, "rgb-");
      Map<String, ReconstructedImage> rebuilt =
          consumeReconstructions(
              stack, registry, images.size(), RGB_RECONSTRUCTED, "rgb-", Duration.ofMinutes(4));

      // Then every image came back as RGB of its size, as the codec rebuilds it directly
      assertThat(rebuilt.keySet()).isEqualTo(originals.keySet());
      assertThat(rebuilt.values())
          .allSatisfy(
              r -> {
                assertThat(r.getChannels()).isEqualTo(3);
                assertThat(r.getPixels().remaining()).isEqualTo(20 * 16 * 3);
              });
      Map<String, byte[]> pixels = new HashMap<>();
      rebuilt.forEach((id, r) -> pixels.put(id, AvroBytes.toArray(r.getPixels())));
      assertThat(meanMse(originals, pixels))
          .isCloseTo(
              directMeanMse(bundle, images, Encoding.INT8),
              org.assertj.core.data.Offset.offset(1e-9));
      assertThat(encoderMetrics.outCount()).isEqualTo(images.size());
      assertThat(encoderMetrics.deadLetterCount() + decoderMetrics.deadLetterCount()).isZero();
    }
  }

  /** Colour gradients that differ per channel and per image. */
  private static ImageSet syntheticRgb(ModelSpec spec, int count) {
    byte[][] images = new byte[count][];
    for (int i = 0; i < count; i++) {
      byte[] image = new byte[spec.values()];
      for (int y = 0; y < spec.height(); y++) {
        for (int x = 0; x < spec.width(); x++) {
          int p = (y * spec.width() + x) * 3;
          image[p] = (byte) (10 * x + i);
          image[p + 1] = (byte) (12 * y);
          image[p + 2] = (byte) (255 - 5 * (x + y) - i);
        }
      }
      images[i] = image;
    }
    return new ImageSet(images, spec.width(), spec.height(), 3);
  }

  private static Map<String, ReconstructedImage> consumeReconstructions(
      DevStack stack,
      SchemaRegistryClient registry,
      int expected,
      String topic,
      String prefix,
      Duration timeout) {
    Properties props = new Properties();
    props.put("bootstrap.servers", stack.bootstrapServers());
    props.put("group.id", "e2e-reader-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    props.put("isolation.level", "read_committed");
    Map<String, ReconstructedImage> out = new HashMap<>();
    try (KafkaConsumer<String, ReconstructedImage> consumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            new SpecificAvroSerde<>(registry, ReconstructedImage.class, true).deserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, ReconstructedImage> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key().startsWith(prefix)) {
            out.put(r.key(), r.value());
          }
        }
      }
    }
    return out;
  }

  private static Map<String, LatentVector> consumeLatents(
      DevStack stack, SchemaRegistryClient registry, int expected, String topic, String prefix) {
    Properties props = new Properties();
    props.put("bootstrap.servers", stack.bootstrapServers());
    props.put("group.id", "e2e-latents-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    props.put("isolation.level", "read_committed");
    Map<String, LatentVector> out = new HashMap<>();
    try (KafkaConsumer<String, LatentVector> consumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            new SpecificAvroSerde<>(registry, LatentVector.class, true).deserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, LatentVector> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key().startsWith(prefix)) {
            out.put(r.key(), r.value());
          }
        }
      }
    }
    return out;
  }

  private static void produce(
      DevStack stack,
      SchemaRegistryClient registry,
      ImageSet images,
      Map<String, byte[]> sent,
      String topic,
      String prefix) {
    Properties props = new Properties();
    props.put("bootstrap.servers", stack.bootstrapServers());
    props.put("enable.idempotence", "true");
    try (KafkaProducer<String, ImageEvent> producer =
        new KafkaProducer<>(
            props,
            new StringSerializer(),
            new SpecificAvroSerde<>(registry, ImageEvent.class, true).serializer())) {
      for (int i = 0; i < images.size(); i++) {
        String id = prefix + i;
        byte[] pixels = images.images()[i];
        sent.put(id, pixels);
        ImageEvent event =
            ImageEvent.newBuilder()
                .setId(id)
                .setSource("e2e")
                .setCapturedAt(Instant.now())
                .setWidth(images.width())
                .setHeight(images.height())
                .setChannels(images.channels())
                .setPixels(ByteBuffer.wrap(pixels))
                .build();
        producer.send(new ProducerRecord<>(topic, id, event));
      }
      producer.flush();
    }
  }

  private static Map<String, byte[]> consume(
      DevStack stack,
      SchemaRegistryClient registry,
      int expected,
      String topic,
      String prefix,
      Duration timeout) {
    Map<String, byte[]> out = new HashMap<>();
    consumeReconstructions(stack, registry, expected, topic, prefix, timeout)
        .forEach((id, r) -> out.put(id, AvroBytes.toArray(r.getPixels())));
    return out;
  }

  private static double meanMse(Map<String, byte[]> originals, Map<String, byte[]> rebuilt) {
    return originals.keySet().stream()
        .mapToDouble(id -> ImageMetrics.mse(originals.get(id), rebuilt.get(id)))
        .average()
        .orElseThrow();
  }

  private static double directMeanMse(ModelBundle bundle, ImageSet images, Encoding encoding) {
    List<byte[]> pixels = Arrays.asList(images.images());
    byte[][] rebuilt;
    try (BatchEncoder encoder = new BatchEncoder(bundle, encoding);
        BatchDecoder decoder = new BatchDecoder(bundle)) {
      rebuilt = decoder.decode(Arrays.asList(encoder.encode(pixels)), encoding);
    }
    double sum = 0;
    for (int i = 0; i < rebuilt.length; i++) {
      sum += ImageMetrics.mse(images.images()[i], rebuilt[i]);
    }
    return sum / rebuilt.length;
  }
}
