package io.compressnet.bench.rd;

/**
 * A leaner way to send a codec's files: drop the bytes a receiver can rebuild by itself (container
 * headers that are the same for every image of a setting) and put them back before decoding. The
 * benchmark checks on every image that {@code restore(strip(file))} is the file, byte for byte, so
 * quality and speed are those of the codec itself.
 */
interface Framing {

  /** The curve of the stripped messages, e.g. {@code "WebP lossy, no RIFF header"}. */
  String series();

  byte[] strip(byte[] file);

  byte[] restore(byte[] payload);
}
