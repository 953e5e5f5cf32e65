package io.compressnet.monitor;

import io.compressnet.schemas.avro.ImageQuality;

/**
 * What the join ({@link PairingProcessor}) emits per image: a score, or a missing image (counted in
 * the windows). Pairs that cannot be compared do not get here: they go to the DLQ sink.
 */
record JoinResult(String modelId, ImageQuality quality, ScoreEvent event) {

  static JoinResult scored(ImageQuality quality, ScoreEvent event) {
    return new JoinResult(quality.getModelId(), quality, event);
  }

  static JoinResult missing(String modelId) {
    return new JoinResult(modelId, null, ScoreEvent.missingImage());
  }

  boolean isScored() {
    return quality != null;
  }
}
