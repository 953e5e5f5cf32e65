package io.compressnet.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.data.IdxReader;
import io.compressnet.codec.data.ImageSet;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.UntrainedBundles;
import io.compressnet.codec.metrics.ImageMetrics;
import io.compressnet.devstack.DevStack;
import io.compressnet.encoder.EncoderConfig;
import io.compressnet.encoder.EncoderService;
import io.compressnet.schemas.avro.ImageEvent;
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

/**
 * Encoder and decoder on the real embedded broker and the Apicurio registry. The stack is started
 * here rather than by {@code DevStackExtension} to allow the registry more than the default 60 s to
 * start: on a loaded 2-core machine it has needed longer.
 */
class PipelineEndToEndTest {

  private static DevStack stack;

  @BeforeAll
  static void startStack() {
    stack =
        DevStack.start(
            DevStack.Options.defaults().withRegistryStartupTimeout(Duration.ofMinutes(4)));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  private static final int N = 200;
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
        EncoderConfig.loader()
            .overrides(common)
            .override("compressnet.model.dir", tmp.resolve("models/m").toString())
            .override("state.dir", tmp.resolve("state-enc").toString())
            .load();
    ServiceConfig decoderSettings =
        DecoderConfig.loader()
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
      produce(stack, registry, images, originals);
      Map<String, byte[]> reconstructed = consume(stack, registry, N, Duration.ofMinutes(8));

      // Then: every image came back, with the error the codec gives directly
      assertThat(reconstructed.keySet()).isEqualTo(originals.keySet());
      double pipelineMse = meanMse(originals, reconstructed);
      double directMse = directMeanMse(bundle, images);
      assertThat(pipelineMse).isCloseTo(directMse, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(encoderMetrics.outCount()).isEqualTo(N);
      assertThat(decoderMetrics.outCount()).isEqualTo(N);
      assertThat(encoderMetrics.deadLetterCount() + decoderMetrics.deadLetterCount()).isZero();
    }
  }

  private static void produce(
      DevStack stack, SchemaRegistryClient registry, ImageSet images, Map<String, byte[]> sent) {
    Properties props = new Properties();
    props.put("bootstrap.servers", stack.bootstrapServers());
    props.put("enable.idempotence", "true");
    try (KafkaProducer<String, ImageEvent> producer =
        new KafkaProducer<>(
            props,
            new StringSerializer(),
            new SpecificAvroSerde<>(registry, ImageEvent.class, true).serializer())) {
      for (int i = 0; i < images.size(); i++) {
        String id = "e2e-" + i;
        byte[] pixels = images.images()[i];
        sent.put(id, pixels);
        ImageEvent event =
            ImageEvent.newBuilder()
                .setId(id)
                .setSource("e2e")
                .setCapturedAt(Instant.now())
                .setWidth(28)
                .setHeight(28)
                .setPixels(ByteBuffer.wrap(pixels))
                .build();
        producer.send(new ProducerRecord<>("images.raw", id, event));
      }
      producer.flush();
    }
  }

  private static Map<String, byte[]> consume(
      DevStack stack, SchemaRegistryClient registry, int expected, Duration timeout) {
    Properties props = new Properties();
    props.put("bootstrap.servers", stack.bootstrapServers());
    props.put("group.id", "e2e-reader");
    props.put("auto.offset.reset", "earliest");
    props.put("isolation.level", "read_committed");
    Map<String, byte[]> out = new HashMap<>();
    try (KafkaConsumer<String, ReconstructedImage> consumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            new SpecificAvroSerde<>(registry, ReconstructedImage.class, true).deserializer())) {
      consumer.subscribe(List.of("images.reconstructed"));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, ReconstructedImage> r : consumer.poll(Duration.ofMillis(200))) {
          out.put(r.key(), AvroBytes.toArray(r.value().getPixels()));
        }
      }
    }
    return out;
  }

  private static double meanMse(Map<String, byte[]> originals, Map<String, byte[]> rebuilt) {
    return originals.keySet().stream()
        .mapToDouble(id -> ImageMetrics.mse(originals.get(id), rebuilt.get(id)))
        .average()
        .orElseThrow();
  }

  private static double directMeanMse(ModelBundle bundle, ImageSet images) {
    List<byte[]> pixels = Arrays.asList(images.images());
    byte[][] rebuilt;
    try (BatchEncoder encoder = new BatchEncoder(bundle, bundle.defaultEncoding());
        BatchDecoder decoder = new BatchDecoder(bundle)) {
      rebuilt = decoder.decode(Arrays.asList(encoder.encode(pixels)), bundle.defaultEncoding());
    }
    double sum = 0;
    for (int i = 0; i < rebuilt.length; i++) {
      sum += ImageMetrics.mse(images.images()[i], rebuilt[i]);
    }
    return sum / rebuilt.length;
  }
}
