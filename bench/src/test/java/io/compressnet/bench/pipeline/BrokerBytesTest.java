package io.compressnet.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BrokerBytesTest {

  @Test
  void shouldSumOnlyThePartitionsOfTheTopic() {
    Map<TopicPartition, Long> sizes =
        Map.of(
            new TopicPartition("images.raw", 0), 1000L,
            new TopicPartition("images.raw", 1), 500L,
            new TopicPartition("images.raw.copy", 0), 7000L,
            new TopicPartition("images.latent", 0), 90L);

    assertThat(BrokerBytes.topicLogBytes(sizes, "images.raw")).isEqualTo(1500);
    assertThat(BrokerBytes.topicLogBytes(sizes, "images.latent")).isEqualTo(90);
    assertThat(BrokerBytes.topicLogBytes(sizes, "absent")).isZero();
  }

  @Test
  void shouldCountKeyValueAndHeaderBytes() {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    headers.put("stage", new byte[] {1, 2, 3}); // 5 + 3
    headers.put("é", null); // 2 bytes in UTF-8, no value

    assertThat(BrokerBytes.payloadBytes(new byte[4], new byte[10], headers))
        .isEqualTo(4 + 10 + 8 + 2);
    assertThat(BrokerBytes.payloadBytes(null, null, Map.of())).isZero();
  }

  @Test
  void shouldGivePerRecordFiguresAndTheBrokerOverhead() {
    PipelineResult.TopicBytes bytes = BrokerBytes.row("latent", "l", "images.latent", 4, 600, 400);

    assertThat(bytes.logBytesPerImage()).isEqualTo(150.0);
    assertThat(bytes.payloadBytesPerImage()).isEqualTo(100.0);
    assertThat(bytes.brokerOverheadPerImage()).isEqualTo(50.0);
    assertThat(BrokerBytes.perRecord(0, 0)).isNaN();
  }
}
