package io.compressnet.monitor;

import io.compressnet.schemas.avro.QualityWindow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The "last N images" view per model. Images are summed into blocks of {@code emitEvery} images;
 * when a block fills, it joins the ring of the last N / emitEvery blocks and the ring's merge is
 * emitted, covering exactly the last N scored images (fewer until N have been seen). Only the open
 * block is written per image; the ring is written once per block, which keeps the changelog traffic
 * small. Missing images are counted in the open block but do not fill it.
 *
 * <p>The emitted window's start and end are the record timestamps of its first image and of its
 * last image plus one millisecond.
 */
final class CountWindowProcessor implements Processor<String, ScoreEvent, String, QualityWindow> {
  static final String OPEN_STORE = "monitor-count-open";
  static final String RING_STORE = "monitor-count-ring";
  static final String KIND = "count";

  private final int blockSize;
  private final int blocks;
  private ProcessorContext<String, QualityWindow> context;
  private KeyValueStore<String, WindowAggregate> open;
  private KeyValueStore<String, List<WindowAggregate>> ring;

  /**
   * The open blocks as objects, read from the store once per task: every image updates its block,
   * and reading it back from the store would deserialize it each time. The store stays the truth
   * (every update is written through), and a new task instance starts from it.
   */
  private final Map<String, WindowAggregate> openBlocks = new HashMap<>();

  CountWindowProcessor(int images, int emitEvery) {
    this.blockSize = emitEvery;
    this.blocks = images / emitEvery;
  }

  @Override
  public void init(ProcessorContext<String, QualityWindow> context) {
    this.context = context;
    this.open = context.getStateStore(OPEN_STORE);
    this.ring = context.getStateStore(RING_STORE);
  }

  @Override
  public void process(Record<String, ScoreEvent> record) {
    String model = record.key();
    WindowAggregate block = openBlocks.computeIfAbsent(model, this::storedOrNewBlock);
    block.add(record.value(), record.timestamp());
    if (block.count() < blockSize) {
      open.put(model, block);
      return;
    }
    List<WindowAggregate> last = ring.get(model);
    List<WindowAggregate> updated = new ArrayList<>(last == null ? List.of() : last);
    updated.add(block);
    while (updated.size() > blocks) {
      updated.remove(0);
    }
    ring.put(model, updated);
    open.delete(model);
    openBlocks.remove(model);
    WindowAggregate view = new WindowAggregate();
    updated.forEach(view::merge);
    context.forward(
        new Record<>(
            model,
            view.toWindow(model, KIND, view.firstTimestamp(), view.lastTimestamp() + 1),
            record.timestamp()));
  }

  private WindowAggregate storedOrNewBlock(String model) {
    WindowAggregate stored = open.get(model);
    return stored == null ? new WindowAggregate() : stored;
  }

  static Serde<List<WindowAggregate>> ringSerde() {
    Serializer<List<WindowAggregate>> ser =
        (topic, list) -> {
          if (list == null) {
            return null;
          }
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(list.size());
            for (WindowAggregate a : list) {
              a.write(out);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return bytes.toByteArray();
        };
    Deserializer<List<WindowAggregate>> de =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int n = in.readInt();
            List<WindowAggregate> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
              list.add(WindowAggregate.read(in));
            }
            return list;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    return Serdes.serdeFrom(ser, de);
  }
}
