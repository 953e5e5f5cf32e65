package io.compressnet.encoder;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.inference.Refinement;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.imaging.quant.PackedLatent;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.LatentEncoding;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.streams.AvroBytes;
import io.compressnet.streams.BatchSettings;
import io.compressnet.streams.BatchingProcessor;
import io.compressnet.streams.InvalidRecordException;
import io.compressnet.streams.Outcome;
import io.compressnet.streams.ServiceMetrics;
import io.compressnet.streams.SharedBatches;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Validates {@code ImageEvent}s, buffers them and encodes them in batches into {@code
 * LatentVector}s. Each task owns one {@link BatchEncoder} (created in {@code init}, closed in
 * {@code close}), which only the task's stream thread uses; it may encode a batch that holds other
 * tasks' records of the same thread (see {@link BatchingProcessor}).
 *
 * <p>Each message names the encoding its bytes are in: with {@code INT8_RANGE} configured, a latent
 * whose range code would not be shorter than its INT8 form goes out as {@code INT8}.
 */
final class EncodeProcessor extends BatchingProcessor<ImageEvent> {

  static final String STAGE = "encode";

  private final ModelBundle bundle;
  private final Encoding encoding;
  private final int passSize;
  private final Refinement refinement;
  private final Clock clock;
  private BatchEncoder encoder;

  EncodeProcessor(
      BatchSettings settings,
      Deserializer<ImageEvent> deserializer,
      String outputSink,
      SharedBatches<ImageEvent> shared,
      ServiceMetrics metrics,
      ModelBundle bundle,
      Encoding encoding,
      int passSize,
      Refinement refinement,
      Clock clock) {
    super(settings, deserializer, outputSink, shared, metrics);
    this.bundle = bundle;
    this.encoding = encoding;
    this.passSize = passSize;
    this.refinement = refinement;
    this.clock = clock;
  }

  @Override
  protected void onInit(ProcessorContext<Object, Object> context) {
    encoder = new BatchEncoder(bundle, encoding, passSize, refinement);
  }

  @Override
  protected void validate(ImageEvent image) {
    ModelSpec spec = bundle.spec();
    if (image.getId() == null || image.getId().isBlank()) {
      throw new InvalidRecordException("image has no id");
    }
    int pixels = image.getPixels() == null ? 0 : image.getPixels().remaining();
    if (pixels == 0) {
      throw new InvalidRecordException("image " + image.getId() + " has no pixels");
    }
    if (image.getWidth() != spec.width() || image.getHeight() != spec.height()) {
      throw new InvalidRecordException(
          String.format(
              "image %s is %dx%d but model %s takes %dx%d",
              image.getId(),
              image.getWidth(),
              image.getHeight(),
              bundle.modelId(),
              spec.width(),
              spec.height()));
    }
    if (image.getChannels() != spec.channels()) {
      throw new InvalidRecordException(
          String.format(
              "image %s has %d channel(s) but model %s takes %d (%s)",
              image.getId(),
              image.getChannels(),
              bundle.modelId(),
              spec.channels(),
              spec.channels() == 1 ? "grayscale" : "RGB"));
    }
    if (pixels != spec.values()) {
      throw new InvalidRecordException(
          String.format(
              "image %s has %d pixel bytes, width*height*channels = %d",
              image.getId(), pixels, spec.values()));
    }
  }

  @Override
  protected List<Outcome> computeBatch(List<Pending<ImageEvent>> batch) {
    List<byte[]> images = new ArrayList<>(batch.size());
    for (Pending<ImageEvent> pending : batch) {
      images.add(AvroBytes.toArray(pending.value().getPixels()));
    }
    PackedLatent[] latents = encoder.encodeMessages(images);
    Instant encodedAt = Instant.ofEpochMilli(clock.millis());
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    for (int i = 0; i < latents.length; i++) {
      Pending<ImageEvent> pending = batch.get(i);
      ImageEvent image = pending.value();
      LatentVector latent =
          LatentVector.newBuilder()
              .setId(image.getId())
              .setSource(image.getSource())
              .setCapturedAt(image.getCapturedAt())
              .setModelId(bundle.modelId())
              .setWidth(image.getWidth())
              .setHeight(image.getHeight())
              .setEncoding(LatentEncoding.valueOf(latents[i].encoding().name()))
              .setDims(bundle.spec().latentDims())
              .setLatent(ByteBuffer.wrap(latents[i].bytes()))
              .setEncodedAt(encodedAt)
              .build();
      String key = pending.key() != null ? pending.key() : image.getId();
      outcomes.add(Outcome.of(new Record<>(key, latent, pending.source().timestamp())));
    }
    return outcomes;
  }

  @Override
  protected String batchStage() {
    return STAGE;
  }

  @Override
  protected void onClose() {
    if (encoder != null) {
      encoder.close();
      encoder = null;
    }
  }
}
