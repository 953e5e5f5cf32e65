package io.compressnet.decoder;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.imaging.entropy.CorruptLatentException;
import io.compressnet.imaging.entropy.Int8RangeCoder;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.streams.AvroBytes;
import io.compressnet.streams.BatchSettings;
import io.compressnet.streams.BatchingProcessor;
import io.compressnet.streams.DeadLetters;
import io.compressnet.streams.InvalidRecordException;
import io.compressnet.streams.Outcome;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.SharedBatches;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Validates {@code LatentVector}s against the model they name, buffers them and decodes them in
 * batches, one forward pass group per (model, encoding). Each task keeps one {@link BatchDecoder}
 * per model it has seen (created on first use, closed in {@code close}); only the task's stream
 * thread uses them (for batches that may hold other tasks' records of the same thread, see {@link
 * BatchingProcessor}). A group that fails goes to the DLQ (stage {@value #STAGE}); other groups of
 * the same batch are still decoded.
 *
 * <p>Every encoding is read. {@code INT8_RANGE} latents are checked while validating (a truncated
 * or corrupted one goes to the DLQ on its own, with the check that failed), then range-decoded to
 * their INT8 codes and decoded in the same forward passes as the model's {@code INT8} latents.
 * {@code latentBytes} of the reconstruction is the size the message carried.
 */
final class DecodeProcessor extends BatchingProcessor<LatentVector> {

  static final String STAGE = "decode";

  private final ModelCatalog catalog;
  private final int passSize;
  private final Clock clock;
  private final Map<String, BatchDecoder> decoders = new HashMap<>();

  private record Group(String modelId, Encoding encoding) {}

  DecodeProcessor(
      BatchSettings settings,
      Deserializer<LatentVector> deserializer,
      String outputSink,
      SharedBatches<LatentVector> shared,
      ServiceMetrics metrics,
      ModelCatalog catalog,
      int passSize,
      Clock clock) {
    super(settings, deserializer, outputSink, shared, metrics);
    this.catalog = catalog;
    this.passSize = passSize;
    this.clock = clock;
  }

  @Override
  protected void validate(LatentVector latent) {
    if (latent.getId() == null || latent.getId().isBlank()) {
      throw new InvalidRecordException("latent has no id");
    }
    ModelBundle bundle =
        catalog
            .find(latent.getModelId())
            .orElseThrow(
                () ->
                    new UnknownModelException(
                        "unknown model "
                            + latent.getModelId()
                            + "; known: "
                            + catalog.knownIds()
                            + " (in "
                            + catalog.modelsDir()
                            + ")"));
    ModelSpec spec = bundle.spec();
    if (latent.getWidth() != spec.width() || latent.getHeight() != spec.height()) {
      throw new InvalidRecordException(
          String.format(
              "latent %s is for a %dx%d image but model %s makes %dx%d",
              latent.getId(),
              latent.getWidth(),
              latent.getHeight(),
              bundle.modelId(),
              spec.width(),
              spec.height()));
    }
    if (latent.getDims() != spec.latentDims()) {
      throw new InvalidRecordException(
          String.format(
              "latent %s has %d dims but model %s has %d",
              latent.getId(), latent.getDims(), bundle.modelId(), spec.latentDims()));
    }
    Encoding encoding = Encoding.valueOf(latent.getEncoding().name());
    int actual = latent.getLatent() == null ? 0 : latent.getLatent().remaining();
    if (encoding == Encoding.INT8_RANGE) {
      checkRangeCoded(latent, bundle);
      return;
    }
    int expected = spec.latentDims() * encoding.bytesPerValue();
    if (actual != expected) {
      throw new InvalidRecordException(
          String.format(
              "latent %s has %d bytes but %d dims in %s take %d",
              latent.getId(), actual, spec.latentDims(), encoding, expected));
    }
  }

  private static void checkRangeCoded(LatentVector latent, ModelBundle bundle) {
    Int8RangeCoder coder =
        bundle
            .rangeCoder()
            .orElseThrow(
                () ->
                    new InvalidRecordException(
                        String.format(
                            "latent %s is INT8_RANGE but model %s has no entropy tables",
                            latent.getId(), bundle.modelId())));
    byte[] payload =
        latent.getLatent() == null ? new byte[0] : AvroBytes.toArray(latent.getLatent());
    int dims = bundle.spec().latentDims();
    if (payload.length >= dims) {
      throw new InvalidRecordException(
          String.format(
              "latent %s has %d INT8_RANGE bytes; an encoder sends %d dims coded only in fewer than"
                  + " %d",
              latent.getId(), payload.length, dims, dims));
    }
    try {
      coder.decode(payload);
    } catch (CorruptLatentException e) {
      throw new InvalidRecordException(
          "latent " + latent.getId() + " is a corrupt INT8_RANGE latent: " + e.getMessage());
    }
  }

  /** The encoding the network's input is unpacked from: INT8_RANGE is decoded to INT8 first. */
  private static Encoding fixedEncoding(LatentVector v) {
    Encoding encoding = Encoding.valueOf(v.getEncoding().name());
    return encoding == Encoding.INT8_RANGE ? Encoding.INT8 : encoding;
  }

  @Override
  protected List<Outcome> computeBatch(List<Pending<LatentVector>> batch) {
    Map<Group, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      Pending<LatentVector> pending = batch.get(i);
      LatentVector v = pending.value();
      groups
          .computeIfAbsent(new Group(v.getModelId(), fixedEncoding(v)), g -> new ArrayList<>())
          .add(i);
    }
    Outcome[] outcomes = new Outcome[batch.size()];
    for (Map.Entry<Group, List<Integer>> group : groups.entrySet()) {
      List<Pending<LatentVector>> members = new ArrayList<>(group.getValue().size());
      group.getValue().forEach(i -> members.add(batch.get(i)));
      List<Outcome> decoded;
      try {
        decoded = decode(group.getKey(), members);
      } catch (RuntimeException e) {
        if (DeadLetters.isRegistryOutage(e) || e instanceof KafkaException) {
          throw e;
        }
        decoded = Collections.nCopies(members.size(), Outcome.failed(e));
      }
      for (int j = 0; j < members.size(); j++) {
        outcomes[group.getValue().get(j)] = decoded.get(j);
      }
    }
    return Arrays.asList(outcomes);
  }

  private List<Outcome> decode(Group group, List<Pending<LatentVector>> members) {
    ModelBundle bundle =
        catalog
            .find(group.modelId())
            .orElseThrow(
                () -> new UnknownModelException("model " + group.modelId() + " disappeared"));
    BatchDecoder decoder = decoders.computeIfAbsent(group.modelId(), id -> newDecoder(bundle));
    List<byte[]> latents = new ArrayList<>(members.size());
    List<Integer> wireBytes = new ArrayList<>(members.size());
    for (Pending<LatentVector> p : members) {
      byte[] carried = AvroBytes.toArray(p.value().getLatent());
      wireBytes.add(carried.length);
      boolean coded = p.value().getEncoding().name().equals(Encoding.INT8_RANGE.name());
      latents.add(coded ? bundle.requireRangeCoder().decode(carried) : carried);
    }
    byte[][] images = decoder.decode(latents, group.encoding());
    Instant decodedAt = Instant.ofEpochMilli(clock.millis());
    List<Outcome> out = new ArrayList<>(members.size());
    for (int i = 0; i < images.length; i++) {
      Pending<LatentVector> pending = members.get(i);
      LatentVector v = pending.value();
      ReconstructedImage image =
          ReconstructedImage.newBuilder()
              .setId(v.getId())
              .setSource(v.getSource())
              .setCapturedAt(v.getCapturedAt())
              .setModelId(v.getModelId())
              .setWidth(v.getWidth())
              .setHeight(v.getHeight())
              .setPixels(ByteBuffer.wrap(images[i]))
              .setChannels(bundle.spec().channels())
              .setLatentBytes(wireBytes.get(i))
              .setEncodedAt(v.getEncodedAt())
              .setDecodedAt(decodedAt)
              .build();
      String key = pending.key() != null ? pending.key() : v.getId();
      out.add(Outcome.of(new Record<>(key, image, pending.source().timestamp())));
    }
    return out;
  }

  private BatchDecoder newDecoder(ModelBundle bundle) {
    return new BatchDecoder(bundle, passSize);
  }

  @Override
  protected String batchStage() {
    return STAGE;
  }

  @Override
  protected void onClose() {
    RuntimeException first = null;
    for (BatchDecoder decoder : decoders.values()) {
      try {
        decoder.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    decoders.clear();
    if (first != null) {
      throw first;
    }
  }
}
