package io.compressnet.streams;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.slf4j.Marker;

/**
 * Drops log lines a user cannot act on, each named here with the reason; everything else passes.
 * Installed by the logging configurations of the CLI and the service artifacts ({@code <turboFilter
 * class="io.compressnet.streams.KnownNoiseFilter"/>}).
 *
 * <ul>
 *   <li>Kafka Streams 4.3 warns "Processing exception handler is not enabled for the GlobalThread"
 *       once per client from a copy of the config it makes internally, even though the services set
 *       {@code processing.exception.handler.global.enabled=true} (see {@link
 *       ServiceConfig#streamsProperties()}); no CompressNet topology has a global store.
 *   <li>Kafka Streams' task manager logs "Get exceptions for the following tasks" at ERROR when the
 *       exceptions are only {@link TaskCorruptedException}s, the normal way it recovers a task
 *       whose state does not match its changelog (after a crash, a truncated changelog or an
 *       aborted transaction): it then wipes the task's state and restores it, and says so at WARN
 *       ("Detected the states of tasks ... are corrupted. Will close the task as dirty and
 *       re-create and bootstrap from scratch"). Nothing is lost and nothing is for the user to do,
 *       so the ERROR goes; the same line with any other exception stays.
 *   <li>The embedded broker ({@code devstack}, the demo) logs "Error processing append operation on
 *       partition ..." with a stack trace at ERROR when it rejects a batch for an {@link
 *       OutOfOrderSequenceException}. Under exactly-once with Kafka 4's transactions, a produce
 *       that meets the previous transaction's markers still being written gets {@code
 *       CONCURRENT_TRANSACTIONS}; the batches the producer had in flight behind it then arrive out
 *       of sequence and are rejected too, and the producer retries all of them in order (its
 *       warnings for those retries are the next item). A sequence the producer cannot recover from
 *       fails its transaction, which the service reports. The demo showed 18 such stack traces in a
 *       healthy 12-s run; the same line with any other exception stays.
 *   <li>For the same two cases the producer warns "Got error produce response ... retrying (N
 *       attempts left). Error: CONCURRENT_TRANSACTIONS" (or {@code OUT_OF_ORDER_SEQUENCE_NUMBER})
 *       once per batch: 68 lines in a healthy demo, all in its first seconds. It retries them
 *       itself, and each service's {@code /metrics} counts the retries ({@code
 *       kafka_producer_record_retry_total}), so the lines go; a retry for any other error is still
 *       logged.
 * </ul>
 */
public final class KnownNoiseFilter extends TurboFilter {

  /**
   * A line as the filter sees it. Kafka's clients and Kafka Streams log through their {@code
   * LogContext}, which formats the message and adds its prefix (such as {@code stream-thread
   * [...]}) before logging it with no arguments; other loggers pass the pattern and its arguments.
   * So every condition reads the arguments when there are any and the text when there are none.
   */
  private record Line(String format, Object[] params, Throwable thrown) {
    boolean hasParams() {
      return params != null && params.length > 0;
    }
  }

  /** A known line: its logger, a fragment of its text and a condition on the line. */
  private record Noise(String logger, String fragment, Predicate<Line> when) {}

  private static final List<Noise> NOISE =
      List.of(
          new Noise(
              "org.apache.kafka.streams.StreamsConfig",
              "Processing exception handler is not enabled for the GlobalThread",
              line -> true),
          new Noise(
              "org.apache.kafka.streams.processor.internals.TaskManager",
              "Get exceptions for the following tasks",
              KnownNoiseFilter::onlyCorruptedTasks),
          new Noise(
              "kafka.server.ReplicaManager",
              "Error processing append operation on partition",
              line -> line.thrown() instanceof OutOfOrderSequenceException),
          new Noise(
              "org.apache.kafka.clients.producer.internals.Sender",
              "Got error produce response with correlation id",
              KnownNoiseFilter::isTransactionalRetry));

  /** The errors a transactional producer meets behind a commit and retries in order. */
  private static final List<String> TRANSACTIONAL_RETRIES =
      List.of("CONCURRENT_TRANSACTIONS", "OUT_OF_ORDER_SEQUENCE_NUMBER");

  /**
   * A task id and its exception's class in a formatted map, e.g. {@code {1_3=org.x.FooException:
   * ...}}.
   */
  private static final Pattern TASK_EXCEPTION =
      Pattern.compile("[{ ](?:[^\\s=,{}]+__)?\\d+_\\d+=([\\w.$]+)");

  /**
   * The Sender's last argument, or the end of its text, is the error: {@code Error:
   * CONCURRENT_TRANSACTIONS}.
   */
  private static boolean isTransactionalRetry(Line line) {
    if (line.hasParams()) {
      return line.params()[line.params().length - 1] instanceof String error
          && TRANSACTIONAL_RETRIES.stream().anyMatch(error::startsWith);
    }
    return TRANSACTIONAL_RETRIES.stream().anyMatch(e -> line.format().contains("Error: " + e));
  }

  /** The task manager's argument is a map of task to exception: all of them corrupted tasks. */
  private static boolean onlyCorruptedTasks(Line line) {
    if (line.hasParams()) {
      return line.params().length == 1
          && line.params()[0] instanceof Map<?, ?> exceptions
          && !exceptions.isEmpty()
          && exceptions.values().stream().allMatch(e -> e instanceof TaskCorruptedException);
    }
    Matcher m = TASK_EXCEPTION.matcher(line.format());
    int tasks = 0;
    while (m.find()) {
      if (!m.group(1).equals(TaskCorruptedException.class.getName())) {
        return false;
      }
      tasks++;
    }
    return tasks > 0;
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null || logger == null) {
      return FilterReply.NEUTRAL;
    }
    for (Noise noise : NOISE) {
      if (logger.getName().equals(noise.logger())
          && format.contains(noise.fragment())
          && noise.when().test(new Line(format, params, t))) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
