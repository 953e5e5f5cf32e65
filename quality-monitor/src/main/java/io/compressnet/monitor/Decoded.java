package io.compressnet.monitor;

import org.apache.avro.specific.SpecificRecord;

/**
 * What the decode step passes on: a record that decoded and validated (with its wire bytes and
 * source coordinates, which the join keeps so a later failure can still dead-letter the original
 * bytes), or a dead letter.
 */
record Decoded(SpecificRecord value, byte[] frame, int partition, long offset, DeadLetter dead) {

  static Decoded ok(SpecificRecord value, byte[] frame, int partition, long offset) {
    return new Decoded(value, frame, partition, offset, null);
  }

  static Decoded dead(DeadLetter letter) {
    return new Decoded(null, null, -1, -1, letter);
  }

  boolean isDead() {
    return dead != null;
  }
}
