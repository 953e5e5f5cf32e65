package io.compressnet.cli.live;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The mid-run restart of services that {@link Restart} asks for: its thread, its timings and the
 * recovery they give; separate because it runs beside the measured phase, on its own clock.
 */
final class ServiceRestart {

  private final Restart restart;
  private final ChildProcesses children;
  private final PrintStream out;
  private final Thread thread;

  // Wall-clock milliseconds, to set against the arrival times of the reconstructed images.
  private volatile long stopMs;
  private volatile long stoppedMs;
  private volatile long launchedMs;
  private volatile Exception failure;

  private ServiceRestart(Restart restart, ChildProcesses children, PrintStream out) {
    this.restart = restart;
    this.children = children;
    this.out = out;
    this.thread = new Thread(this::waitAndRestart, "bench-live-restart");
    thread.setDaemon(true);
  }

  /** Starts the thread that waits {@code restart.atSecond()}, then restarts the services. */
  static ServiceRestart schedule(Restart restart, ChildProcesses children, PrintStream out) {
    ServiceRestart scheduled = new ServiceRestart(restart, children, out);
    scheduled.thread.start();
    return scheduled;
  }

  private void waitAndRestart() {
    try {
      Thread.sleep(restart.atSecond() * 1000L);
      restartServices();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failure = e;
    }
  }

  /**
   * Stops the services (SIGKILL together, or SIGTERM together and a wait for their clean exit),
   * then launches them again with the same environment and state directories.
   */
  private void restartServices() throws Exception {
    out.printf(
        "Restarting %s (%s) ...%n", restart.services(), restart.kill() ? "SIGKILL" : "SIGTERM");
    stopMs = System.currentTimeMillis();
    List<ChildJvm> old = children.detach(restart.services());
    CompletableFuture.allOf(
            old.stream()
                .map(c -> CompletableFuture.runAsync(() -> stop(c, restart.kill())))
                .toArray(CompletableFuture[]::new))
        .join();
    stoppedMs = System.currentTimeMillis();
    for (ChildJvm c : old) {
      children.relaunch(c);
    }
    launchedMs = System.currentTimeMillis();
  }

  /** SIGKILL, or SIGTERM and a wait for the clean exit. */
  private static void stop(ChildJvm child, boolean kill) {
    if (!kill) {
      child.close();
      return;
    }
    try {
      child.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until the restart is done; a failed restart fails the run. */
  void awaitDone() throws InterruptedException {
    thread.join();
    if (failure != null) {
      throw new IllegalStateException("the restart failed: " + failure, failure);
    }
  }

  /** How the pipeline recovered, from the images' arrival times; null if no stop happened. */
  RecoveryResult recovery(List<LiveReader.ImageLatency> latencies) {
    if (stopMs <= 0) {
      return null;
    }
    return RecoveryResult.of(restart, stopMs, stoppedMs, launchedMs, latencies);
  }
}
