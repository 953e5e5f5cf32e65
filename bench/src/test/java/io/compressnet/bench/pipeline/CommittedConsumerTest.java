package io.compressnet.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

class CommittedConsumerTest {

  @Test
  void shouldReadCommittedBytesWithoutCommittingOffsets() {
    Properties p = CommittedConsumer.properties("localhost:9092");

    assertThat(p)
        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092")
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
        .containsEntry(
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())
        .containsEntry(
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())
        .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000")
        .hasSize(6);
  }
}
