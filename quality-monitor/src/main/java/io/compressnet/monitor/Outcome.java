package io.compressnet.monitor;

import io.compressnet.schemas.avro.ImageQuality;

/** What the join emits per image: a score, a missing image (for the windows), or a dead letter. */
record Outcome(String modelId, ImageQuality quality, ScoreEvent event, DeadLetter dead) {

  static Outcome scored(ImageQuality quality, ScoreEvent event) {
    return new Outcome(quality.getModelId(), quality, event, null);
  }

  static Outcome missing(String modelId) {
    return new Outcome(modelId, null, ScoreEvent.missingImage(), null);
  }

  static Outcome dead(DeadLetter letter) {
    return new Outcome(null, null, null, letter);
  }

  boolean isScored() {
    return quality != null;
  }

  boolean isDead() {
    return dead != null;
  }
}
