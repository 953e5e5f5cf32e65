package io.compressnet.monitor;

import io.compressnet.schemas.avro.AlertState;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns closed windows into state changes: the state of every (model, rule) lives in {@link
 * #STATE_STORE}, and an alert is emitted only when it changes (FIRING when a window breaks the
 * rule, RESOLVED when a later window is back within it), so a long outage gives one alert and one
 * resolution, not one per window. Key of the output: {@code modelId/rule}.
 */
final class AlertProcessor implements Processor<String, QualityWindow, String, QualityAlert> {
  static final String STATE_STORE = "monitor-alert-state";

  private final List<AlertRule> rules;
  private final long minImages;
  private final Clock clock;
  private ProcessorContext<String, QualityAlert> context;
  private KeyValueStore<String, String> states;

  AlertProcessor(List<AlertRule> rules, long minImages, Clock clock) {
    this.rules = rules;
    this.minImages = minImages;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, QualityAlert> context) {
    this.context = context;
    this.states = context.getStateStore(STATE_STORE);
  }

  @Override
  public void process(Record<String, QualityWindow> record) {
    QualityWindow w = record.value();
    for (AlertRule rule : rules) {
      double value = rule.value(w, minImages);
      if (Double.isNaN(value)) {
        continue;
      }
      String key = w.getModelId() + "/" + rule.name();
      boolean firing = AlertState.FIRING.name().equals(states.get(key));
      boolean breached = rule.breached(value);
      if (breached == firing) {
        continue;
      }
      AlertState state = breached ? AlertState.FIRING : AlertState.RESOLVED;
      if (breached) {
        states.put(key, state.name());
      } else {
        states.delete(key);
      }
      context.forward(new Record<>(key, alert(w, rule, state, value), record.timestamp()));
    }
  }

  private QualityAlert alert(QualityWindow w, AlertRule rule, AlertState state, double value) {
    long seconds = (w.getWindowEnd().toEpochMilli() - w.getWindowStart().toEpochMilli()) / 1000;
    String message =
        String.format(
            Locale.ROOT,
            "%s %s for model %s: %s over the %d s window from %s (%d images, %d missing)",
            rule.name(),
            state == AlertState.FIRING ? "firing" : "resolved",
            w.getModelId(),
            rule.describe(value, state == AlertState.FIRING),
            seconds,
            w.getWindowStart(),
            w.getCount(),
            w.getMissing());
    return QualityAlert.newBuilder()
        .setModelId(w.getModelId())
        .setRule(rule.name())
        .setState(state)
        .setMetric(rule.metric())
        .setValue(value)
        .setThreshold(rule.threshold())
        .setWindowStart(w.getWindowStart())
        .setWindowEnd(w.getWindowEnd())
        .setRaisedAt(Instant.ofEpochMilli(clock.millis()))
        .setMessage(message)
        .build();
  }
}
