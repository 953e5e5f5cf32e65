package io.compressnet.streams;

import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Turns a stream thread's death by the cluster's security into a sentence an operator can act on.
 * Kafka Streams wraps these failures (a refused SASL login surfaces from the consumer, a missing
 * ACL from the producer inside a punctuation) so the real reason is several causes down a long
 * stack trace. Neither is retriable: the service stops, its transaction aborted, its input offsets
 * not committed, so the records are read again once the credentials or ACLs are fixed.
 */
final class SecurityFailure {

  private SecurityFailure() {}

  /** The operator's sentence, if a cause of {@code error} is an authentication or ACL refusal. */
  static Optional<String> describe(String service, Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AuthenticationException) {
        return Optional.of(
            String.format(
                "%s: the Kafka cluster refused its credentials (%s: %s). Check"
                    + " KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM and KAFKA_SASL_JAAS_CONFIG"
                    + " (or their properties); nothing was committed, the records wait on the"
                    + " input topic",
                service, t.getClass().getSimpleName(), t.getMessage()));
      }
      if (t instanceof AuthorizationException) {
        return Optional.of(
            String.format(
                "%s: not authorized by the Kafka cluster's ACLs (%s: %s). Grant the ACLs listed"
                    + " in the README, \"Secured clusters\"; nothing was committed, the records"
                    + " wait on the input topic",
                service, t.getClass().getSimpleName(), t.getMessage()));
      }
    }
    return Optional.empty();
  }
}
