package io.compressnet.trainer;

/** Receives progress of a training run: for progress bars and logs. */
public interface TrainingListener {

  /** Where the progress of reading the images goes (a progress bar, or nowhere). */
  default io.compressnet.imaging.data.ReadProgress readProgress() {
    return io.compressnet.imaging.data.ReadProgress.NONE;
  }

  /** A free-form status line (data loaded, checks passed, bundle written, ...). */
  default void message(String line) {}

  /** An epoch starts with this many optimizer steps. */
  default void epochStarted(int epoch, int steps) {}

  /** Some steps were done (called at most every few seconds). */
  default void progress(
      int epoch, int step, double meanLoss, double learningRate, double imagesPerSecond) {}

  /** An epoch ended. */
  default void epochFinished(EpochStats stats, boolean best) {}

  /** Prints every event as a line: for logs and non-interactive runs. */
  static TrainingListener lines(java.util.function.Consumer<String> out) {
    return new TrainingListener() {
      @Override
      public void message(String line) {
        out.accept(line);
      }

      @Override
      public void progress(int epoch, int step, double loss, double lr, double ips) {
        out.accept(
            String.format(
                "epoch %d step %d  loss %.5f  lr %.2e  %.0f img/s", epoch, step, loss, lr, ips));
      }

      @Override
      public void epochFinished(EpochStats s, boolean best) {
        out.accept(
            String.format(
                "epoch %d done: train %.5f  held-out %.5f (%.2f dB)%s  %.0f s",
                s.epoch(),
                s.trainLoss(),
                s.validationLoss(),
                10 * Math.log10(1 / s.validationLoss()),
                best ? " *best*" : "",
                s.seconds()));
      }
    };
  }
}
