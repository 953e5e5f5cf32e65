package io.compressnet.monitor;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds every score event of the by-model stream to its model's all-time aggregate in {@value
 * MonitorTotals#TOTALS_STORE}. A scored image is placed at its record time (its capture time); a
 * missing one only counts.
 */
final class TotalsProcessor implements Processor<String, ScoreEvent, Void, Void> {
  private KeyValueStore<String, WindowAggregate> totals;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.totals = context.getStateStore(MonitorTotals.TOTALS_STORE);
  }

  @Override
  public void process(Record<String, ScoreEvent> record) {
    WindowAggregate aggregate = totals.get(record.key());
    if (aggregate == null) {
      aggregate = new WindowAggregate();
    }
    ScoreEvent event = record.value();
    if (event.missing()) {
      aggregate.add(event);
    } else {
      aggregate.add(event, record.timestamp());
    }
    totals.put(record.key(), aggregate);
  }
}
