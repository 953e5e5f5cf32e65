package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.Sender;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.internals.TaskManager;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class KnownNoiseFilterTest {

  private static final String STREAMS_CONFIG = "org.apache.kafka.streams.StreamsConfig";

  @Test
  void shouldDropTheGlobalThreadWarningButKeepOtherStreamsConfigWarnings() {
    // Given a logging context with the filter and an appender on Kafka Streams' config logger
    LoggerContext context = new LoggerContext();
    ListAppender<ILoggingEvent> appender = recordThroughFilter(context, STREAMS_CONFIG);
    Logger log = context.getLogger(STREAMS_CONFIG);

    // When it logs the known noise, an actionable warning, and the noise text from another logger
    log.warn(
        "Processing exception handler is not enabled for the GlobalThread. It's recommended to"
            + " set it");
    log.warn("Configuration 'x' is deprecated");
    context.getLogger("io.compressnet.Other").addAppender(appender);
    context
        .getLogger("io.compressnet.Other")
        .warn("Processing exception handler is not enabled for the GlobalThread");

    // Then only the noise from Kafka Streams' config logger is gone
    assertThat(appender.list)
        .extracting(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
        .containsExactly(
            STREAMS_CONFIG + ": Configuration 'x' is deprecated",
            "io.compressnet.Other: Processing exception handler is not enabled for the GlobalThread");
  }

  @Test
  void shouldDropTheTaskManagersErrorForCorruptedTasksButKeepItForOtherExceptions() {
    // Given the task manager's logger with the filter, as Kafka's log context prefixes it
    LoggerContext context = new LoggerContext();
    ListAppender<ILoggingEvent> appender =
        recordThroughFilter(context, TaskManager.class.getName());
    Logger log = context.getLogger(TaskManager.class.getName());
    String format = "stream-thread [app-StreamThread-1] Get exceptions for the following tasks: {}";
    TaskId task = new TaskId(1, 3);

    // When it reports a corrupted task (normal recovery), then a real failure, then both at once
    log.error(format, Map.of(task, new TaskCorruptedException(Set.of(task))));
    log.error(format, Map.of(task, new IllegalStateException("boom")));
    log.error(
        format,
        Map.of(
            task,
            new TaskCorruptedException(Set.of(task)),
            new TaskId(0, 1),
            new IllegalStateException("boom")));

    // Then only the recovery's line is gone
    assertThat(appender.list).hasSize(2);
    assertThat(appender.list)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("IllegalStateException"));
  }

  @Test
  void shouldDropTheBrokersOutOfSequenceAppendErrorButKeepOtherAppendErrors() {
    // Given the embedded broker's replica manager logger with the filter
    LoggerContext context = new LoggerContext();
    ListAppender<ILoggingEvent> appender =
        recordThroughFilter(context, "kafka.server.ReplicaManager");
    Logger log = context.getLogger("kafka.server.ReplicaManager");
    String line = "[ReplicaManager broker=1] Error processing append operation on partition t-4";

    // When it rejects a batch out of sequence (the producer retries it), then fails on a disk error
    log.error(line, new OutOfOrderSequenceException("11 (incoming seq. number), 4 (current end)"));
    log.error(line, new KafkaStorageException("disk full"));

    // Then only the disk error is logged
    assertThat(appender.list)
        .extracting(e -> e.getThrowableProxy().getClassName())
        .containsExactly(KafkaStorageException.class.getName());
  }

  @Test
  void shouldDropTheProducersTransactionalRetryWarningsButKeepOtherRetries() {
    // Given a producer's sender logger with the filter, its line prefixed as Kafka's log context
    // does
    LoggerContext context = new LoggerContext();
    ListAppender<ILoggingEvent> appender = recordThroughFilter(context, Sender.class.getName());
    Logger log = context.getLogger(Sender.class.getName());
    String format =
        "[Producer clientId=app-StreamThread-1-producer] Got error produce response with"
            + " correlation id {} on topic-partition {}, retrying ({} attempts left). Error: {}";

    // When it retries after the two transactional errors and after a leader change
    log.warn(format, 40L, "images.latent-4", 2147483646, "CONCURRENT_TRANSACTIONS");
    log.warn(format, 41L, "images.latent-4", 2147483645, "OUT_OF_ORDER_SEQUENCE_NUMBER");
    log.warn(format, 42L, "images.latent-4", 2147483644, "NOT_LEADER_OR_FOLLOWER");

    // Then only the leader change is logged
    assertThat(appender.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .singleElement()
        .asString()
        .endsWith("Error: NOT_LEADER_OR_FOLLOWER");
  }

  /**
   * Kafka's clients and Kafka Streams log through their {@code LogContext}, which formats the line
   * before logback sees it: the filter must recognise the text, not only the arguments.
   */
  @Test
  void shouldRecogniseTheLinesAsKafkasLogContextFormatsThem() {
    // Given the filter and an appender in the logging context Kafka's loggers write to
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> appender =
        recordThroughFilter(context, Sender.class.getName(), TaskManager.class.getName());
    try {
      org.slf4j.Logger senderLog = new LogContext("[Producer clientId=p] ").logger(Sender.class);
      org.slf4j.Logger tasksLog =
          new LogContext("stream-thread [app-StreamThread-1] ").logger(TaskManager.class);
      String retry =
          "Got error produce response with correlation id {} on topic-partition {}, retrying ({}"
              + " attempts left). Error: {}";
      String tasks = "Get exceptions for the following tasks: {}";
      TaskId task = new TaskId(1, 3);

      // When they log the known lines and their actionable twins, as Kafka does
      senderLog.warn(retry, 40L, "images.latent-4", 7, "CONCURRENT_TRANSACTIONS");
      senderLog.warn(retry, 41L, "images.latent-4", 6, "NOT_LEADER_OR_FOLLOWER");
      tasksLog.error(tasks, Map.of(task, new TaskCorruptedException(Set.of(task))));
      tasksLog.error(tasks, Map.of(task, new IllegalStateException("boom")));
      tasksLog.error(
          tasks,
          Map.of(
              task,
              new TaskCorruptedException(Set.of(task)),
              new TaskId(0, 1),
              new IllegalStateException("boom")));

      // Then only the actionable lines are logged
      assertThat(appender.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .satisfiesExactly(
              m -> assertThat(m).endsWith("Error: NOT_LEADER_OR_FOLLOWER"),
              m -> assertThat(m).contains("IllegalStateException"),
              m -> assertThat(m).contains("TaskCorruptedException").contains("IllegalState"));
    } finally {
      context.getLogger(Sender.class).detachAppender(appender);
      context.getLogger(TaskManager.class).detachAppender(appender);
      context.getTurboFilterList().removeIf(f -> f instanceof KnownNoiseFilter);
    }
  }

  /** Installs a started filter in {@code context} and an appender on each of {@code loggers}. */
  private static ListAppender<ILoggingEvent> recordThroughFilter(
      LoggerContext context, String... loggers) {
    KnownNoiseFilter filter = new KnownNoiseFilter();
    filter.start();
    context.addTurboFilter(filter);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(context);
    appender.start();
    for (String logger : loggers) {
      context.getLogger(logger).addAppender(appender);
    }
    return appender;
  }
}
