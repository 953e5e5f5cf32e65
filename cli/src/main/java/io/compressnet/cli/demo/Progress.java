package io.compressnet.cli.demo;

import io.compressnet.monitor.MonitorSummary;
import io.compressnet.streams.ServiceMetrics;
import java.io.PrintStream;
import java.util.Locale;

/**
 * One status line a second: counts, rates, rolling quality, bytes raw vs latent (the mean latent
 * payload the scored images' messages carried).
 */
final class Progress {

  private final PrintStream out;
  private final int total;
  private final int rawBytes;
  private final long start = System.nanoTime();
  private long lastScored;
  private long lastTime = System.nanoTime();
  private final boolean interactive = System.console() != null;

  Progress(PrintStream out, int total, int rawBytes) {
    this.out = out;
    this.total = total;
    this.rawBytes = rawBytes;
  }

  void print(long sent, ServiceMetrics encoder, ServiceMetrics decoder, MonitorSummary s) {
    long now = System.nanoTime();
    double rate = (s.count() - lastScored) / ((now - lastTime) / 1e9);
    lastScored = s.count();
    lastTime = now;
    String line =
        String.format(
            Locale.ROOT,
            "%5.0fs sent %d/%d  encoded %d  decoded %d  scored %d (%.0f/s)  SSIM %s  PSNR %s  %d→%s B/image  DLQ %d",
            (now - start) / 1e9,
            sent,
            total,
            encoder.outCount(),
            decoder.outCount(),
            s.count(),
            rate,
            Double.isNaN(s.meanSsim()) ? "-" : String.format(Locale.ROOT, "%.4f", s.meanSsim()),
            Double.isNaN(s.aggregatePsnr())
                ? "-"
                : String.format(Locale.ROOT, "%.2f dB", s.aggregatePsnr()),
            rawBytes,
            Double.isNaN(s.meanLatentBytes())
                ? "-"
                : String.format(Locale.ROOT, "%.1f", s.meanLatentBytes()),
            s.deadLetters());
    if (interactive) {
      out.print("\r" + line + "   ");
    } else {
      out.println(line);
    }
    out.flush();
  }

  void finish() {
    if (interactive) {
      out.println();
    }
  }
}
