package io.compressnet.bench.jmh;

import io.compressnet.imaging.data.ImageSet;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.LatentEncoding;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.registry.InMemorySchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Confluent-wire-format Avro serde on one record: serialize, deserialize and the round trip of
 * an {@code ImageEvent} (28×28 pixels) and a {@code LatentVector} (32 INT8 values). The registry is
 * in memory and the ids are cached after the first call, as in a running service.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AvroSerdeBenchmark {

  private static final String RAW = "images.raw";
  private static final String LATENT = "images.latent";

  private Serializer<ImageEvent> imageSerializer;
  private Deserializer<ImageEvent> imageDeserializer;
  private Serializer<LatentVector> latentSerializer;
  private Deserializer<LatentVector> latentDeserializer;
  private ImageEvent image;
  private LatentVector latent;
  private byte[] imageBytes;
  private byte[] latentBytes;

  @Setup
  public void setUp() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    SpecificAvroSerde<ImageEvent> images =
        new SpecificAvroSerde<>(registry, ImageEvent.class, true);
    SpecificAvroSerde<LatentVector> latents =
        new SpecificAvroSerde<>(registry, LatentVector.class, true);
    imageSerializer = images.serializer();
    imageDeserializer = images.deserializer();
    latentSerializer = latents.serializer();
    latentDeserializer = latents.deserializer();
    ImageSet set = BenchImages.load(1);
    Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
    image =
        ImageEvent.newBuilder()
            .setId("emnist-replay-123456-0a1b2c3d")
            .setSource("emnist-replay")
            .setCapturedAt(now)
            .setWidth(set.width())
            .setHeight(set.height())
            .setPixels(ByteBuffer.wrap(set.images()[0]))
            .setLabel("7")
            .build();
    byte[] packed = new byte[32];
    for (int i = 0; i < packed.length; i++) {
      packed[i] = (byte) (i * 7);
    }
    latent =
        LatentVector.newBuilder()
            .setId(image.getId())
            .setSource(image.getSource())
            .setCapturedAt(now)
            .setModelId("emnist-ps32-int8@3f9a2c1e")
            .setWidth(28)
            .setHeight(28)
            .setEncoding(LatentEncoding.INT8)
            .setDims(32)
            .setLatent(ByteBuffer.wrap(packed))
            .setEncodedAt(now)
            .build();
    imageBytes = imageSerializer.serialize(RAW, image);
    latentBytes = latentSerializer.serialize(LATENT, latent);
  }

  @Benchmark
  public byte[] imageEventSerialize() {
    return imageSerializer.serialize(RAW, image);
  }

  @Benchmark
  public ImageEvent imageEventDeserialize() {
    return imageDeserializer.deserialize(RAW, imageBytes);
  }

  @Benchmark
  public ImageEvent imageEventRoundTrip() {
    return imageDeserializer.deserialize(RAW, imageSerializer.serialize(RAW, image));
  }

  @Benchmark
  public byte[] latentVectorSerialize() {
    return latentSerializer.serialize(LATENT, latent);
  }

  @Benchmark
  public LatentVector latentVectorDeserialize() {
    return latentDeserializer.deserialize(LATENT, latentBytes);
  }

  @Benchmark
  public LatentVector latentVectorRoundTrip() {
    return latentDeserializer.deserialize(LATENT, latentSerializer.serialize(LATENT, latent));
  }
}
