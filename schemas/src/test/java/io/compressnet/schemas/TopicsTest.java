package io.compressnet.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {
  @Test
  void shouldListEveryTopicOnceInPipelineOrder() {
    assertThat(Topics.all())
        .containsExactly(
            "images.raw",
            "images.latent",
            "images.reconstructed",
            "quality.images",
            "quality.windows",
            "quality.alerts",
            "images.dlq")
        .doesNotHaveDuplicates();
  }

  @Test
  void shouldNameSubjectsByTopicNameStrategy() {
    assertThat(Topics.valueSubject(Topics.IMAGES_LATENT)).isEqualTo("images.latent-value");
    assertThat(Topics.keySubject(Topics.IMAGES_LATENT)).isEqualTo("images.latent-key");
  }
}
