package io.compressnet.streams;

import java.util.Optional;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one answer every service gives when a stream thread dies ({@link ThreadReplacementPolicy}),
 * and the one log line it writes: a WARN per retry for a registry outage, an operator's sentence
 * for a refused login or a missing ACL ({@link SecurityFailure}), an ERROR with the stack trace for
 * anything else. Install it with {@code KafkaStreams#setUncaughtExceptionHandler}.
 */
public final class StreamThreadFailureHandler implements StreamsUncaughtExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  private final String service;
  private final ThreadReplacementPolicy policy;

  public StreamThreadFailureHandler(String service) {
    this(service, ThreadReplacementPolicy.system());
  }

  StreamThreadFailureHandler(String service, ThreadReplacementPolicy policy) {
    this.service = service;
    this.policy = policy;
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable error) {
    if (DeadLetters.isRegistryOutage(error)) {
      // Not a fault of the record or the service: one line per attempt, no stack trace.
      LOG.warn(
          "{}: Schema Registry unavailable ({}); the record will be read again by a new stream"
              + " thread after a back-off",
          service,
          error.getMessage());
      return policy.respond(error);
    }
    StreamThreadExceptionResponse response = policy.respond(error);
    Optional<String> security = SecurityFailure.describe(service, error);
    if (security.isPresent()) {
      // The stack trace says nothing more than the sentence; Kafka Streams logs its own anyway.
      LOG.error("{}; response {}", security.get(), response);
      return response;
    }
    LOG.error("{}: stream thread died ({}); response {}", service, error, response, error);
    return response;
  }
}
