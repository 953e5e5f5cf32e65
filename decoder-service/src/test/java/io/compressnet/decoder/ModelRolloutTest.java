package io.compressnet.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.schemas.avro.LatentEncoding;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.streams.ServiceMetrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * A rollout of a new default model without stopping: the committed bundles under {@code models/}
 * (the default and the one it replaced) are served side by side by one decoder, so latents already
 * in flight from encoders on the old model still decode while new ones use the new model.
 */
class ModelRolloutTest {

  private static final Path MODELS = Path.of("../models").toAbsolutePath();
  private static final Path SAMPLE =
      Path.of("../data/sample/emnist-sample-images-idx3-ubyte.gz").toAbsolutePath();
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  @Test
  void shouldDecodeLatentsOfEveryCommittedBundleSideBySide() throws IOException {
    // Given every committed bundle (at least the default and the one it replaced) and latents of
    // the same images from each, interleaved as they would be during a rollout
    List<ModelBundle> bundles = committedBundles();
    assertThat(bundles).hasSizeGreaterThanOrEqualTo(2);
    ImageSet images = IdxReader.readImages(SAMPLE, IdxReader.Layout.TRANSPOSED, 4);
    List<LatentVector> latents = new ArrayList<>();
    List<KeyValue<String, ReconstructedImage>> expected = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      for (ModelBundle bundle : bundles) {
        LatentVector v = latent("img-" + i + "-" + bundle.modelId(), images.images()[i], bundle);
        latents.add(v);
        expected.add(KeyValue.pair(v.getId(), reconstruction(v, bundle)));
      }
    }

    // When one decoder with the committed models directory reads them
    List<KeyValue<String, ReconstructedImage>> out = decode(latents);

    // Then each is decoded by the model it names, exactly as that model's own decoder does
    assertThat(out).containsExactlyElementsOf(expected);
  }

  private static List<KeyValue<String, ReconstructedImage>> decode(List<LatentVector> latents) {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    SpecificAvroSerde<LatentVector> latentSerde =
        new SpecificAvroSerde<>(registry, LatentVector.class, true);
    SpecificAvroSerde<ReconstructedImage> imageSerde =
        new SpecificAvroSerde<>(registry, ReconstructedImage.class, true);
    DecoderConfig config =
        DecoderConfig.from(
            DecoderConfig.SPEC
                .loader()
                .override("compressnet.batch.size", "4")
                .override("compressnet.models.dir", MODELS.toString())
                .load());
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            DecoderService.buildTopology(
                config,
                new ModelCatalog(MODELS, Duration.ZERO, System::nanoTime),
                latentSerde,
                imageSerde,
                ServiceMetrics.inMemory("decoder"),
                Clock.fixed(NOW, ZoneOffset.UTC)),
            config.service().streamsProperties())) {
      TestInputTopic<byte[], byte[]> in =
          driver.createInputTopic(
              "images.latent", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
      TestOutputTopic<String, ReconstructedImage> reconstructed =
          driver.createOutputTopic(
              "images.reconstructed", Serdes.String().deserializer(), imageSerde.deserializer());
      for (LatentVector v : latents) {
        in.pipeInput(
            v.getId().getBytes(StandardCharsets.UTF_8),
            latentSerde.serializer().serialize("images.latent", v));
      }
      return reconstructed.readKeyValuesToList();
    }
  }

  private static List<ModelBundle> committedBundles() throws IOException {
    try (Stream<Path> dirs = Files.list(MODELS)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(ModelBundle.MANIFEST_FILE)))
          .sorted()
          .map(ModelBundle::load)
          .toList();
    }
  }

  private static LatentVector latent(String id, byte[] pixels, ModelBundle bundle) {
    byte[] packed;
    try (BatchEncoder encoder = new BatchEncoder(bundle, Encoding.INT8)) {
      packed = encoder.encode(List.of(pixels))[0];
    }
    return LatentVector.newBuilder()
        .setId(id)
        .setSource("camera")
        .setCapturedAt(NOW.minusSeconds(1))
        .setModelId(bundle.modelId())
        .setWidth(28)
        .setHeight(28)
        .setEncoding(LatentEncoding.INT8)
        .setDims(bundle.spec().latentDims())
        .setLatent(ByteBuffer.wrap(packed))
        .setEncodedAt(NOW.minusMillis(500))
        .build();
  }

  private static ReconstructedImage reconstruction(LatentVector v, ModelBundle bundle) {
    byte[] latent = new byte[v.getLatent().remaining()];
    v.getLatent().duplicate().get(latent);
    byte[] pixels;
    try (BatchDecoder decoder = new BatchDecoder(bundle)) {
      pixels = decoder.decode(List.of(latent), Encoding.INT8)[0];
    }
    return ReconstructedImage.newBuilder()
        .setId(v.getId())
        .setSource("camera")
        .setCapturedAt(v.getCapturedAt())
        .setModelId(bundle.modelId())
        .setWidth(28)
        .setHeight(28)
        .setPixels(ByteBuffer.wrap(pixels))
        .setLatentBytes(latent.length)
        .setEncodedAt(v.getEncodedAt())
        .setDecodedAt(NOW)
        .build();
  }
}
