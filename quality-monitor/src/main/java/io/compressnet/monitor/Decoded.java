package io.compressnet.monitor;

import org.apache.avro.specific.SpecificRecord;

/**
 * A record that decoded and validated, as {@link InputValidationProcessor} passes it to the join:
 * with its wire bytes and source coordinates, which the join keeps so that a later failure (a pair
 * that cannot be compared) can still dead-letter the original bytes.
 */
record Decoded(SpecificRecord value, byte[] frame, int partition, long offset) {}
