package io.compressnet.streams;

import io.compressnet.schemas.registry.RegistryAuthException;
import io.compressnet.schemas.registry.RegistryUnavailableException;
import io.compressnet.schemas.registry.SchemaNotFoundException;
import io.compressnet.schemas.registry.SchemaRegistryException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Processor-side DLQ support: a byte-array sink named {@link #SINK_NAME} in the topology, and
 * {@link #send} to forward a {@link DeadLetter} to it. Going through the topology (rather than a
 * separate producer) puts dead letters in the same transaction as the output under exactly-once.
 */
public final class DeadLetters {

  /** Name of the DLQ sink node; processors forward dead letters to this child. */
  public static final String SINK_NAME = "dlq-sink";

  private DeadLetters() {}

  /** Adds the DLQ sink, fed by {@code parents}, writing raw bytes to {@code dlqTopic}. */
  public static Topology addSink(Topology topology, String dlqTopic, String... parents) {
    return topology.addSink(
        SINK_NAME,
        dlqTopic,
        Serdes.ByteArray().serializer(),
        Serdes.ByteArray().serializer(),
        parents);
  }

  /**
   * Forwards a dead letter to the DLQ sink and counts it. The processor's output types must be
   * {@code Object, Object} for it to forward both its own records and raw bytes.
   */
  public static void send(
      ProcessorContext<Object, Object> context, DeadLetter letter, ServiceMetrics metrics) {
    context.forward(letter.toRecord(), SINK_NAME);
    if (metrics != null) {
      metrics.deadLetter(letter.stage());
    }
  }

  /**
   * Whether an exception means the Schema Registry is unreachable or refuses us: then the record is
   * not at fault and must not be dead-lettered (it would be lost), the caller fails instead so the
   * record is retried. An unknown schema id (a {@link SerializationException} wrapping a {@link
   * SchemaNotFoundException}) is the record's fault and is not an outage.
   */
  public static boolean isRegistryOutage(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RegistryUnavailableException || t instanceof RegistryAuthException) {
        return true;
      }
      if (t instanceof SerializationException) {
        return false;
      }
      if (t instanceof SchemaRegistryException && !(t instanceof SchemaNotFoundException)) {
        // Any other registry failure (5xx with a body, unparsable answer) is not the record's.
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
