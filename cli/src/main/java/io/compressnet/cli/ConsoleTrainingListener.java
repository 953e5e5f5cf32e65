package io.compressnet.cli;

import io.compressnet.trainer.EpochStats;
import io.compressnet.trainer.TrainingListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar per epoch (loss, learning rate, images/s) and a line per finished epoch. */
final class ConsoleTrainingListener implements TrainingListener {

  private final ReadProgressBar readProgress = new ReadProgressBar();

  @Override
  public io.compressnet.imaging.data.ReadProgress readProgress() {
    return readProgress;
  }

  private final PrintStream out;
  private final TrainingListener lines;
  private ProgressBar bar;

  ConsoleTrainingListener(PrintStream out) {
    this.out = out;
    this.lines = TrainingListener.lines(out::println);
  }

  @Override
  public void message(String line) {
    out.println(line);
  }

  @Override
  public void epochStarted(int epoch, int steps) {
    bar =
        new ProgressBarBuilder()
            .setTaskName("epoch " + epoch)
            .setInitialMax(steps)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(1000)
            .continuousUpdate()
            .build();
  }

  @Override
  public void progress(int epoch, int step, double loss, double lr, double ips) {
    if (bar != null) {
      bar.stepTo(step);
      bar.setExtraMessage(String.format(" loss %.5f lr %.1e %.0f img/s", loss, lr, ips));
    }
  }

  @Override
  public void epochFinished(EpochStats stats, boolean best) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    lines.epochFinished(stats, best);
  }
}
