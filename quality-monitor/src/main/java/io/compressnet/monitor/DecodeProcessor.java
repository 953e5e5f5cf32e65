package io.compressnet.monitor;

import io.compressnet.codec.metrics.ImageMetrics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ReconstructedImage;
import java.nio.ByteBuffer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads raw bytes into an Avro record and checks it can be scored. A record that does not decode or
 * cannot be scored (pixel count not width x height, smaller than the 11x11 SSIM window, no id)
 * becomes a dead letter carrying its original bytes; a registry outage is rethrown so the record is
 * retried, never lost. Images not chosen by the {@link Sampler} stop here. Output key: the image
 * id.
 */
final class DecodeProcessor<T extends SpecificRecord>
    implements Processor<byte[], byte[], String, Decoded> {

  private final Deserializer<T> deserializer;
  private final String stage;
  private final Sampler sampler;
  private final MonitorListener listener;
  private ProcessorContext<String, Decoded> context;

  DecodeProcessor(
      Deserializer<T> deserializer, String stage, Sampler sampler, MonitorListener listener) {
    this.deserializer = deserializer;
    this.stage = stage;
    this.sampler = sampler;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<String, Decoded> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    String topic = meta == null ? null : meta.topic();
    int partition = meta == null ? -1 : meta.partition();
    long offset = meta == null ? -1 : meta.offset();
    T value;
    try {
      value = deserializer.deserialize(topic, record.headers(), record.value());
      if (value == null) {
        throw new IllegalArgumentException("null value (tombstone) where an image was expected");
      }
      validate(value);
    } catch (RuntimeException e) {
      if (RegistryOutage.is(e)) {
        throw e;
      }
      DeadLetter letter =
          DeadLetter.of(
              record.key(), record.value(), record.headers(), stage, e, topic, partition, offset);
      listener.onDeadLetter(stage, letter.errorClass(), letter.errorMessage());
      context.forward(
          new Record<String, Decoded>(
              null, Decoded.dead(letter), record.timestamp(), letter.headers()));
      return;
    }
    String id = idOf(value);
    if (!sampler.keep(id)) {
      listener.onSampledOut(id);
      return;
    }
    context.forward(
        new Record<>(
            id,
            Decoded.ok(value, record.value(), partition, offset),
            record.timestamp(),
            record.headers()));
  }

  static String idOf(SpecificRecord value) {
    if (value instanceof ImageEvent e) {
      return e.getId();
    }
    return ((ReconstructedImage) value).getId();
  }

  private static void validate(SpecificRecord value) {
    if (value instanceof ImageEvent e) {
      checkImage(e.getId(), e.getWidth(), e.getHeight(), e.getChannels(), e.getPixels());
    } else if (value instanceof ReconstructedImage r) {
      checkImage(r.getId(), r.getWidth(), r.getHeight(), r.getChannels(), r.getPixels());
      if (r.getModelId() == null || r.getModelId().isBlank()) {
        throw new IllegalArgumentException("reconstruction " + r.getId() + " has no modelId");
      }
    } else {
      throw new IllegalArgumentException("unexpected record type " + value.getClass().getName());
    }
  }

  private static void checkImage(
      String id, int width, int height, int channels, ByteBuffer pixels) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("image has an empty id");
    }
    if (width < ImageMetrics.SSIM_WINDOW || height < ImageMetrics.SSIM_WINDOW) {
      throw new IllegalArgumentException(
          "image "
              + id
              + " is "
              + width
              + "x"
              + height
              + "; SSIM needs at least "
              + ImageMetrics.SSIM_WINDOW
              + "x"
              + ImageMetrics.SSIM_WINDOW);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException(
          "image " + id + " has " + channels + " channels; 1 (grayscale) or 3 (RGB) are scored");
    }
    if ((long) width * height * channels != pixels.remaining()) {
      throw new IllegalArgumentException(
          "image "
              + id
              + " has "
              + pixels.remaining()
              + " pixel bytes, expected "
              + width
              + "x"
              + height
              + (channels == 1 ? "" : "x" + channels)
              + " = "
              + ((long) width * height * channels));
    }
  }

  @Override
  public void close() {
    // the deserializer is owned by the topology's serde, closed with it
  }
}
