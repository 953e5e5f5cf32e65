package io.compressnet.monitor;

import io.compressnet.imaging.metrics.ImageMetrics;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.ReconstructedImage;
import io.compressnet.streams.DeadLetter;
import io.compressnet.streams.DeadLetters;
import io.compressnet.streams.SourceRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The join of originals and reconstructions by image id, one instance per input side, both sharing
 * the same stores (so both sides of an id meet in the same task; the topics are keyed by id and
 * co-partitioned). Whichever side comes first waits in {@link #PENDING_STORE}; when its partner
 * arrives with a record timestamp within the join window, the pair is scored. A stream-time
 * punctuation expires entries older than join window + grace: an original becomes a missing image
 * (attributed to the model last seen decoding that source), a reconstruction an orphan. A time
 * index ({@link #INDEX_STORE}, keys = 8-byte big-endian timestamp + id) makes expiry a range scan
 * instead of a full scan.
 *
 * <p>The missing record is stamped with the stream time at which the loss was detected, so it is
 * counted in the rolling windows that are open then (one join window + grace after capture), rather
 * than in windows that may already have closed.
 *
 * <p>A pair that cannot be compared (sizes or channels differ) dead-letters the reconstruction to
 * the shared DLQ sink. The output types are {@code Object} because of that second child (raw
 * bytes); {@link JoinResult}s are forwarded by name to the node given as {@code results}.
 */
final class PairingProcessor implements Processor<String, Decoded, Object, Object> {
  static final String PENDING_STORE = "monitor-pending";
  static final String INDEX_STORE = "monitor-pending-index";
  static final String LAST_MODEL_STORE = "monitor-last-model";
  static final String UNKNOWN_MODEL = "unknown";
  static final String STAGE = "quality-monitor.score";
  private static final byte[] PRESENT = {1};

  enum Side {
    ORIGINAL,
    RECONSTRUCTION
  }

  private final Side side;
  private final long windowMs;
  private final long expireAfterMs;
  private final Deserializer<ImageEvent> originals;
  private final Deserializer<ReconstructedImage> reconstructions;
  private final MonitorListener observer;

  /** {@link #observer}, counting into this task's events store (set again on every init). */
  private MonitorListener listener;

  private final Clock clock;
  private final String results;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, PendingEntry> pending;
  private KeyValueStore<Bytes, byte[]> index;
  private KeyValueStore<String, String> lastModel;

  PairingProcessor(
      Side side,
      Duration window,
      Duration grace,
      Deserializer<ImageEvent> originals,
      Deserializer<ReconstructedImage> reconstructions,
      MonitorListener listener,
      Clock clock,
      String results) {
    this.side = side;
    this.windowMs = window.toMillis();
    this.expireAfterMs = window.toMillis() + grace.toMillis();
    this.originals = originals;
    this.reconstructions = reconstructions;
    this.observer = listener;
    this.clock = clock;
    this.results = results;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.pending = context.getStateStore(PENDING_STORE);
    this.index = context.getStateStore(INDEX_STORE);
    this.lastModel = context.getStateStore(LAST_MODEL_STORE);
    this.listener =
        new EventCountingListener(context.getStateStore(MonitorTotals.EVENTS_STORE), observer);
    if (side == Side.ORIGINAL) {
      // One side expiring is enough: both share the stores. Stream time, so replays and tests
      // behave exactly like live traffic.
      long every = Math.max(100, Math.min(1000, expireAfterMs / 10));
      context.schedule(Duration.ofMillis(every), PunctuationType.STREAM_TIME, this::expire);
    }
  }

  @Override
  public void process(Record<String, Decoded> record) {
    String id = record.key();
    Decoded decoded = record.value();
    PendingEntry existing = pending.get(id);
    if (side == Side.ORIGINAL) {
      onOriginal(id, (ImageEvent) decoded.value(), decoded, record.timestamp(), existing);
    } else {
      onReconstruction(
          id, (ReconstructedImage) decoded.value(), decoded, record.timestamp(), existing);
    }
  }

  private void onOriginal(
      String id, ImageEvent original, Decoded d, long ts, PendingEntry existing) {
    if (existing == null) {
      store(
          id,
          new PendingEntry(
              PendingEntry.Kind.ORIGINAL,
              ts,
              original.getSource(),
              d.partition(),
              d.offset(),
              d.frame()));
      return;
    }
    switch (existing.kind()) {
      case RECONSTRUCTION -> {
        if (Math.abs(ts - existing.timestamp()) <= windowMs) {
          ReconstructedImage recon =
              reconstructions.deserialize(Topics.IMAGES_RECONSTRUCTED, existing.frame());
          score(id, original, recon, existing, Math.max(ts, existing.timestamp()));
        } else {
          // The waiting reconstruction is too far apart in time to belong to this capture.
          listener.onOrphan(id);
          store(
              id,
              new PendingEntry(
                  PendingEntry.Kind.ORIGINAL,
                  ts,
                  original.getSource(),
                  d.partition(),
                  d.offset(),
                  d.frame()));
        }
      }
      case ORPHANED -> listener.onLate(id);
      default -> listener.onDuplicate(id);
    }
  }

  private void onReconstruction(
      String id, ReconstructedImage recon, Decoded d, long ts, PendingEntry existing) {
    lastModel.put(recon.getSource(), recon.getModelId());
    if (existing == null) {
      store(
          id,
          new PendingEntry(
              PendingEntry.Kind.RECONSTRUCTION,
              ts,
              recon.getModelId(),
              d.partition(),
              d.offset(),
              d.frame()));
      return;
    }
    switch (existing.kind()) {
      case ORIGINAL -> {
        if (Math.abs(ts - existing.timestamp()) <= windowMs) {
          ImageEvent original = originals.deserialize(Topics.IMAGES_RAW, existing.frame());
          PendingEntry self =
              new PendingEntry(
                  PendingEntry.Kind.RECONSTRUCTION,
                  ts,
                  recon.getModelId(),
                  d.partition(),
                  d.offset(),
                  d.frame());
          score(id, original, recon, self, Math.max(ts, existing.timestamp()));
        } else {
          // Outside the join window: the original is missing, this reconstruction is late.
          listener.onLate(id);
          reportMissing(id, recon.getModelId(), context.currentStreamTimeMs());
          replace(id, existing, existing.toMarker(PendingEntry.Kind.EXPIRED, ts));
        }
      }
      case EXPIRED -> listener.onLate(id);
      default -> listener.onDuplicate(id);
    }
  }

  private static String mismatch(String id, ImageEvent original, ReconstructedImage recon) {
    if (original.getChannels() != recon.getChannels()) {
      return String.format(
          "reconstruction %s has %d channel(s) but its original has %d",
          id, recon.getChannels(), original.getChannels());
    }
    return String.format(
        "reconstruction %s is %dx%d but its original is %dx%d",
        id, recon.getWidth(), recon.getHeight(), original.getWidth(), original.getHeight());
  }

  /** Scores a pair; a pair that cannot be compared dead-letters the reconstruction. */
  private void score(
      String id, ImageEvent original, ReconstructedImage recon, PendingEntry reconEntry, long ts) {
    PendingEntry old = pending.get(id);
    replace(
        id,
        old,
        new PendingEntry(PendingEntry.Kind.PAIRED, ts, recon.getModelId(), -1, -1, new byte[0]));
    byte[] a = bytes(original.getPixels());
    byte[] b = bytes(recon.getPixels());
    if (original.getWidth() != recon.getWidth()
        || original.getHeight() != recon.getHeight()
        || original.getChannels() != recon.getChannels()) {
      deadLetter(id, reconEntry, new IllegalArgumentException(mismatch(id, original, recon)));
      return;
    }
    double mse = ImageMetrics.mse(a, b);
    double ssim =
        ImageMetrics.ssim(a, b, original.getWidth(), original.getHeight(), original.getChannels());
    long latency = recon.getDecodedAt().toEpochMilli() - original.getCapturedAt().toEpochMilli();
    ImageQuality quality =
        ImageQuality.newBuilder()
            .setId(id)
            .setSource(original.getSource())
            .setModelId(recon.getModelId())
            .setCapturedAt(original.getCapturedAt())
            .setMse(mse)
            .setSsim(ssim)
            .setPsnr(ImageMetrics.psnr(mse))
            .setRawBytes(a.length)
            .setLatentBytes(recon.getLatentBytes())
            .setLatencyMs(latency)
            .setScoredAt(Instant.ofEpochMilli(clock.millis()))
            .build();
    listener.onScored(quality, original, recon);
    ScoreEvent event = ScoreEvent.scored(mse, ssim, a.length, recon.getLatentBytes(), latency);
    context.forward(new Record<>(id, JoinResult.scored(quality, event), ts), results);
  }

  /**
   * Sends the reconstruction to the DLQ as it was read: its bytes, timestamp and coordinates from
   * the join entry. Its original headers are not kept in the join store, so it carries only the DLQ
   * headers.
   */
  private void deadLetter(String id, PendingEntry reconstruction, RuntimeException error) {
    SourceRecord source =
        new SourceRecord(
            id.getBytes(StandardCharsets.UTF_8),
            reconstruction.frame(),
            reconstruction.timestamp(),
            null,
            Topics.IMAGES_RECONSTRUCTED,
            reconstruction.partition(),
            reconstruction.offset());
    DeadLetter letter = DeadLetter.of(source, STAGE, error);
    listener.onDeadLetter(letter.stage(), letter.errorClass(), letter.errorMessage());
    DeadLetters.send(context, letter, null); // counted by the listener, not ServiceMetrics
  }

  /** Expires everything older than join window + grace at this stream time. */
  void expire(long streamTime) {
    long cutoff = streamTime - expireAfterMs;
    if (cutoff < 0) {
      return;
    }
    List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it =
        index.range(indexKey(0, ""), indexKey(cutoff + 1, ""))) {
      it.forEachRemaining(due::add);
    }
    for (KeyValue<Bytes, byte[]> kv : due) {
      index.delete(kv.key);
      long ts = java.nio.ByteBuffer.wrap(kv.key.get(), 0, 8).getLong();
      String id = new String(kv.key.get(), 8, kv.key.get().length - 8, StandardCharsets.UTF_8);
      PendingEntry e = pending.get(id);
      if (e == null || e.timestamp() != ts) {
        continue; // superseded: the id was re-indexed under a newer timestamp
      }
      switch (e.kind()) {
        case ORIGINAL -> {
          String model = lastModel.get(e.tag());
          reportMissing(id, model == null ? UNKNOWN_MODEL : model, streamTime);
          store(id, e.toMarker(PendingEntry.Kind.EXPIRED, streamTime));
        }
        case RECONSTRUCTION -> {
          listener.onOrphan(id);
          store(id, e.toMarker(PendingEntry.Kind.ORPHANED, streamTime));
        }
        default -> pending.delete(id);
      }
    }
  }

  private void reportMissing(String id, String modelId, long at) {
    listener.onMissing(id, modelId);
    context.forward(new Record<>(id, JoinResult.missing(modelId), at), results);
  }

  private void store(String id, PendingEntry entry) {
    pending.put(id, entry);
    index.put(indexKey(entry.timestamp(), id), PRESENT);
  }

  private void replace(String id, PendingEntry old, PendingEntry entry) {
    if (old != null) {
      index.delete(indexKey(old.timestamp(), id));
    }
    store(id, entry);
  }

  static Bytes indexKey(long timestamp, String id) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + idBytes.length);
    buf.putLong(Math.max(0, timestamp)).put(idBytes);
    return Bytes.wrap(buf.array());
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer dup = buffer.duplicate();
    byte[] out = new byte[dup.remaining()];
    dup.get(out);
    return out;
  }
}
