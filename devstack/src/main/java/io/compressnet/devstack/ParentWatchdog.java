package io.compressnet.devstack;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Entry point of the registry's child JVM: runs the real main class, and exits the child as soon as
 * the parent process is gone. Shutdown hooks cannot stop the child when the parent is killed with
 * SIGKILL (or crashes); this does, so no registry outlives its owner.
 *
 * <p>Uses the JDK only: {@link LocalRegistry} copies this class file next to the registry's own
 * classpath.
 */
final class ParentWatchdog {

  static final long POLL_MILLIS = 500;

  private ParentWatchdog() {}

  /** {@code ParentWatchdog <parent pid> <main class> [args...]}. */
  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      System.err.println("usage: ParentWatchdog <parent pid> <main class> [args...]");
      System.exit(2);
    }
    long parentPid = Long.parseLong(args[0]);
    Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
    if (parent.isEmpty() || !parent.get().isAlive()) {
      System.err.println("Parent process " + parentPid + " is gone; not starting.");
      System.exit(1);
    }
    Thread watcher = new Thread(() -> exitWhenGone(parent.get()), "parent-watchdog");
    watcher.setDaemon(true);
    watcher.start();
    try {
      Class.forName(args[1])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void exitWhenGone(ProcessHandle parent) {
    while (parent.isAlive()) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
    System.err.println("Parent process " + parent.pid() + " is gone; shutting down.");
    // Runs the application's shutdown hooks, so it still stops gracefully.
    System.exit(0);
  }
}
