package io.compressnet.streams;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records whose key or value cannot be deserialized to the DLQ (original bytes, original
 * headers plus the {@code compressnet.dlq.*} headers with stage {@value #STAGE}) and continues.
 *
 * <p>A Schema Registry outage or auth failure is not the record's fault: the handler then fails, so
 * the stream thread stops without committing the record and it is read again once the registry is
 * back (see {@link DeadLetters#isRegistryOutage}).
 *
 * <p>Configure with {@code deserialization.exception.handler} = this class; it reads the DLQ topic
 * from {@code compressnet.topic.dlq} (default {@code images.dlq}). Dead letters are written by
 * Kafka Streams itself, inside the task's transaction under exactly-once. Dead letters are counted
 * in the {@link ServiceMetrics} passed under {@value ServiceMetrics#CONFIG_INSTANCE}, if any.
 */
public class DlqDeserializationExceptionHandler implements DeserializationExceptionHandler {

  public static final String STAGE = "deserialize";

  private static final Logger LOG =
      LoggerFactory.getLogger(DlqDeserializationExceptionHandler.class);

  private String dlqTopic = ServiceConfig.DLQ_TOPIC.defaultValue();
  private ServiceMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(ServiceConfig.DLQ_TOPIC.property());
    if (topic != null && !topic.toString().isBlank()) {
      dlqTopic = topic.toString().trim();
    }
    if (configs.get(ServiceMetrics.CONFIG_INSTANCE) instanceof ServiceMetrics given) {
      metrics = given;
    }
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (DeadLetters.isRegistryOutage(exception)) {
      LOG.error(
          "Schema Registry unavailable while reading {}-{}@{}; failing instead of dead-lettering"
              + " so the record is retried: {}",
          context.topic(),
          context.partition(),
          context.offset(),
          exception.toString());
      return Response.fail();
    }
    SourceRecord source =
        new SourceRecord(
            record.key(),
            record.value(),
            record.timestamp(),
            record.headers(),
            record.topic(),
            record.partition(),
            record.offset());
    DeadLetter letter = DeadLetter.of(source, STAGE, exception);
    LOG.warn(
        "Undecodable record {}-{}@{} sent to {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        dlqTopic,
        letter.errorMessage());
    if (metrics != null) {
      metrics.deadLetter(STAGE);
    }
    return Response.resume(List.of(letter.toProducerRecord(dlqTopic)));
  }

  /** The DLQ topic in use (after {@link #configure}). */
  public String dlqTopic() {
    return dlqTopic;
  }
}
