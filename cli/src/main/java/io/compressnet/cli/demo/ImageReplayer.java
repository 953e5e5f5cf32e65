package io.compressnet.cli.demo;

import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.imaging.data.LabelledImages;
import io.compressnet.imaging.data.ReadProgress;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Replays an IDX image file into {@code images.raw} as {@code ImageEvent}s at a steady rate: the
 * stand-in for a camera. Ids are {@code <source>-<index>-<run>} so repeated replays never collide.
 */
public final class ImageReplayer {

  private final Producer<String, ImageEvent> producer;
  private final String topic;
  private final String source;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public ImageReplayer(Producer<String, ImageEvent> producer, String topic, String source) {
    this.producer = producer;
    this.topic = topic;
    this.source = source;
  }

  public ImageReplayer(Producer<String, ImageEvent> producer) {
    this(producer, Topics.IMAGES_RAW, "emnist-replay");
  }

  /** The images of an IDX file (EMNIST's named so are read in its layout), with their labels. */
  public static LabelledImages load(Path images, int limit) throws IOException {
    return ImageSource.of(images).read(limit, ReadProgress.NONE);
  }

  /**
   * Sends every image, at most {@code ratePerSecond} per second ({@code <= 0}: as fast as
   * possible), stopping early when interrupted. Returns the number handed to the producer.
   */
  public long replay(LabelledImages replay, double ratePerSecond) {
    return replay(
        replay,
        ratePerSecond,
        replay.images().size(),
        UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * Sends {@code count} images, cycling through the set, at most {@code ratePerSecond} per second
   * ({@code <= 0}: as fast as possible), with ids {@code <source>-<index>-<run>} and {@code
   * capturedAt} = the time of sending; stops early when interrupted. Returns the number handed to
   * the producer.
   */
  public long replay(LabelledImages replay, double ratePerSecond, long count, String run) {
    ImageSet set = replay.images();
    long start = System.nanoTime();
    for (long i = 0; i < count && !Thread.currentThread().isInterrupted(); i++) {
      if (ratePerSecond > 0) {
        long due = start + (long) (i * 1e9 / ratePerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      int image = (int) (i % set.size());
      String id = source + "-" + i + "-" + run;
      ImageEvent event =
          ImageEvent.newBuilder()
              .setId(id)
              .setSource(source)
              .setCapturedAt(Instant.now())
              .setWidth(set.width())
              .setHeight(set.height())
              .setChannels(set.channels())
              .setPixels(ByteBuffer.wrap(set.images()[image]))
              .setLabel(replay.labelText(image))
              .build();
      producer.send(
          new ProducerRecord<>(topic, id, event),
          (metadata, error) -> (error == null ? sent : failed).incrementAndGet());
    }
    producer.flush();
    return sent.get() + failed.get();
  }

  /** Records the broker acknowledged. */
  public long acknowledged() {
    return sent.get();
  }

  /** Records the producer gave up on. */
  public long failed() {
    return failed.get();
  }
}
