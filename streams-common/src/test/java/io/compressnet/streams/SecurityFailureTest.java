package io.compressnet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class SecurityFailureTest {

  @Test
  void shouldNameTheDeniedTopicAndTheAclsToGrantWhenTheAuthorizationErrorIsWrapped() {
    // Given a missing WRITE ACL, as Kafka Streams reports it from a punctuation
    Throwable error =
        new StreamsException(
            "task [0_0] Exception caught while punctuating processor 'encode'",
            new StreamsException(
                "Error encountered sending record to topic images.latent",
                new TopicAuthorizationException(Set.of("images.latent"))));

    // When
    String sentence = SecurityFailure.describe("encoder", error).orElseThrow();

    // Then
    assertThat(sentence)
        .startsWith("encoder: not authorized by the Kafka cluster's ACLs")
        .contains("TopicAuthorizationException")
        .contains("images.latent")
        .contains("Secured clusters");
  }

  @Test
  void shouldPointAtTheSaslSettingsWhenTheCredentialsAreRefused() {
    Throwable error = new StreamsException(new SaslAuthenticationException("invalid credentials"));

    String sentence = SecurityFailure.describe("decoder", error).orElseThrow();

    assertThat(sentence)
        .startsWith("decoder: the Kafka cluster refused its credentials")
        .contains("KAFKA_SASL_JAAS_CONFIG");
  }

  @Test
  void shouldLeaveOtherFailuresAlone() {
    assertThat(SecurityFailure.describe("encoder", new StreamsException(new TimeoutException())))
        .isEmpty();
    assertThat(SecurityFailure.describe("encoder", new IllegalStateException())).isEmpty();
  }
}
