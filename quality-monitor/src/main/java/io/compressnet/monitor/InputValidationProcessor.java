package io.compressnet.monitor;

import io.compressnet.imaging.metrics.ImageMetrics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.streams.DeadLetter;
import io.compressnet.streams.DeadLetters;
import io.compressnet.streams.SourceRecord;
import java.nio.ByteBuffer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads one input topic's raw bytes into an Avro record and checks it can be scored; what can be
 * scored (and is chosen by the {@link Sampler}) goes on to the join, keyed by image id.
 *
 * <ul>
 *   <li>A tombstone (null value) is counted ({@link MonitorListener#onTombstone}) and skipped, the
 *       rule the encoder and decoder follow: it carries no image, so there is nothing to score, and
 *       it is not damaged, so it is no dead letter.
 *   <li>A record that does not decode or cannot be scored (pixel count not width x height, smaller
 *       than the 11x11 SSIM window, no id or model id) becomes a dead letter with its original
 *       bytes, sent to the shared DLQ sink ({@link DeadLetters#SINK_NAME}).
 *   <li>A Schema Registry outage is rethrown so that the record is retried, never lost.
 * </ul>
 *
 * <p>The output types are {@code Object} because this processor feeds two children of different
 * types, the join and the DLQ sink (raw bytes); it therefore forwards by child name, never to all
 * children.
 */
final class InputValidationProcessor<T extends SpecificRecord>
    implements Processor<byte[], byte[], Object, Object> {

  private final Deserializer<T> deserializer;
  private final String stage;
  private final String join;
  private final Sampler sampler;
  private final MonitorListener observer;

  /** {@link #observer}, counting into this task's events store (set again on every init). */
  private MonitorListener listener;

  private ProcessorContext<Object, Object> context;

  /**
   * @param stage the DLQ stage named in this input's dead letters
   * @param join name of the join node that receives the records to score
   */
  InputValidationProcessor(
      Deserializer<T> deserializer,
      String stage,
      String join,
      Sampler sampler,
      MonitorListener listener) {
    this.deserializer = deserializer;
    this.stage = stage;
    this.join = join;
    this.sampler = sampler;
    this.observer = listener;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.listener =
        new EventCountingListener(context.getStateStore(MonitorTotals.EVENTS_STORE), observer);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    SourceRecord source = SourceRecord.of(record, context);
    listener.onRecordIn(source.topic());
    if (record.value() == null) {
      // Counted and skipped, as streams-common's BatchingProcessor does for the encoder/decoder.
      listener.onTombstone(source.topic());
      return;
    }
    T value;
    try {
      value = deserializer.deserialize(source.topic(), source.headers(), source.value());
      validate(value);
    } catch (RuntimeException e) {
      if (DeadLetters.isRegistryOutage(e)) {
        throw e; // not the record's fault: fail the task, the record is retried
      }
      deadLetter(source, e);
      return;
    }
    String id = idOf(value);
    if (!sampler.keep(id)) {
      listener.onSampledOut(id);
      return;
    }
    context.forward(
        new Record<Object, Object>(
            id,
            new Decoded(value, record.value(), source.partition(), source.offset()),
            record.timestamp(),
            record.headers()),
        join);
  }

  private void deadLetter(SourceRecord source, RuntimeException error) {
    DeadLetter letter = DeadLetter.of(source, stage, error);
    listener.onDeadLetter(letter.stage(), letter.errorClass(), letter.errorMessage());
    // Counted through the listener (which feeds ServiceMetrics too), so no metrics argument here.
    DeadLetters.send(context, letter, null);
  }

  static String idOf(SpecificRecord value) {
    if (value instanceof ImageEvent e) {
      return e.getId();
    }
    return ((ReconstructedImage) value).getId();
  }

  private static void validate(SpecificRecord value) {
    if (value == null) {
      throw new IllegalArgumentException("the deserializer returned no record");
    }
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
