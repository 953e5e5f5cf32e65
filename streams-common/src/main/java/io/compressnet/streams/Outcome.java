package io.compressnet.streams;

import java.util.Objects;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What processing one buffered record produced: the output record, or the error that sends it to
 * the DLQ. {@link BatchingProcessor#computeBatch} returns one per record and forwards nothing
 * itself, because a record is forwarded by the task that owns it, in that task's context.
 */
public record Outcome(Record<?, ?> output, RuntimeException error) {

  public Outcome {
    if ((output == null) == (error == null)) {
      throw new IllegalArgumentException("an outcome has exactly one of output and error");
    }
  }

  public static Outcome of(Record<?, ?> output) {
    return new Outcome(Objects.requireNonNull(output, "output"), null);
  }

  public static Outcome failed(RuntimeException error) {
    return new Outcome(null, Objects.requireNonNull(error, "error"));
  }

  public boolean ok() {
    return output != null;
  }
}
