package io.compressnet.cli;

import io.compressnet.imaging.data.ReadProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** A progress bar on standard error for reads of many image files; small reads draw nothing. */
final class ReadProgressBar implements ReadProgress {

  /** Below this many files a read takes well under a second: no bar. */
  private static final long SMALLEST_SHOWN = 500;

  private ProgressBar bar;

  @Override
  public void started(long total) {
    if (total >= SMALLEST_SHOWN) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("reading images")
              .setInitialMax(total)
              .setUnit(" img", 1)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .build();
    }
  }

  @Override
  public void advanced() {
    if (bar != null) {
      bar.step();
    }
  }

  @Override
  public void finished() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
