package io.compressnet.schemas;

import java.util.List;

/** The names of every CompressNet topic, in one place, and their Schema Registry subjects. */
public final class Topics {
  /** Raw images ({@code ImageEvent}), written by producers. */
  public static final String IMAGES_RAW = "images.raw";

  /** Latent vectors ({@code LatentVector}), written by the encoder-service. */
  public static final String IMAGES_LATENT = "images.latent";

  /** Reconstructed images ({@code ReconstructedImage}), written by the decoder-service. */
  public static final String IMAGES_RECONSTRUCTED = "images.reconstructed";

  /** Per-image quality ({@code ImageQuality}), written by the quality-monitor. */
  public static final String QUALITY_IMAGES = "quality.images";

  /** Rolling quality aggregates ({@code QualityWindow}), written by the quality-monitor. */
  public static final String QUALITY_WINDOWS = "quality.windows";

  /** Threshold crossings ({@code QualityAlert}), written by the quality-monitor. */
  public static final String QUALITY_ALERTS = "quality.alerts";

  /** Dead letters: the failed record's bytes, with error headers. Written by every service. */
  public static final String IMAGES_DLQ = "images.dlq";

  /** Partition count used when a tool creates the topics. */
  public static final int DEFAULT_PARTITIONS = 6;

  private static final List<String> ALL =
      List.of(
          IMAGES_RAW,
          IMAGES_LATENT,
          IMAGES_RECONSTRUCTED,
          QUALITY_IMAGES,
          QUALITY_WINDOWS,
          QUALITY_ALERTS,
          IMAGES_DLQ);

  private Topics() {}

  /** Every topic, in pipeline order (immutable). */
  public static List<String> all() {
    return ALL;
  }

  /** The value subject under Confluent's TopicNameStrategy: {@code <topic>-value}. */
  public static String valueSubject(String topic) {
    return topic + "-value";
  }

  /** The key subject under Confluent's TopicNameStrategy: {@code <topic>-key}. */
  public static String keySubject(String topic) {
    return topic + "-key";
  }
}
