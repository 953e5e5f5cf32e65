package io.compressnet.imaging.data;

/** Told about the progress of a long read, so a command can draw a progress bar. */
public interface ReadProgress {

  /** Reports nothing. */
  ReadProgress NONE = new ReadProgress() {};

  /** The read is about to decode {@code total} images. */
  default void started(long total) {}

  /** One more image has been read. */
  default void advanced() {}

  /** The read has ended, successfully or not. */
  default void finished() {}
}
