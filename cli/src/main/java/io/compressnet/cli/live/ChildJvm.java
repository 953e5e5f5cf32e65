package io.compressnet.cli.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One child JVM of the live benchmark: started with its output in a log file (never an unread
 * pipe), stopped with SIGTERM, a grace period, then SIGKILL, together with every process it started
 * itself (the devstack's registry). Closing is idempotent.
 */
final class ChildJvm implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final String name;
  private final Process process;
  private final Path log;
  // Every descendant ever seen, so that a child killed before its own hooks ran leaves no orphan.
  private final Map<Long, ProcessHandle> descendants = new LinkedHashMap<>();
  private boolean closed;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} with {@code environment} as its whole environment. */
  static ChildJvm start(
      String name, List<String> command, Map<String, String> environment, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    return new ChildJvm(name, builder.start(), log);
  }

  private static java.io.File nullDevice() {
    return new java.io.File("/dev/null");
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The live processes started by this child (e.g. the registry of the devstack), remembered. */
  synchronized List<ProcessHandle> liveDescendants() {
    process.descendants().forEach(p -> descendants.putIfAbsent(p.pid(), p));
    return descendants.values().stream().filter(ProcessHandle::isAlive).toList();
  }

  /** Every pid this child and its descendants had, for checking that none is left. */
  synchronized List<Long> allPids() {
    List<Long> pids = new ArrayList<>();
    pids.add(process.pid());
    pids.addAll(descendants.keySet());
    return pids;
  }

  /** Fails with the log's tail when the child has exited. */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name
              + " (pid "
              + process.pid()
              + ") exited early with code "
              + process.exitValue()
              + "; last lines of "
              + log
              + ":\n"
              + tail(30));
    }
  }

  /**
   * Waits until the child's output matches every pattern and returns the first group of each, in
   * order; fails if it exits or {@code timeout} passes first.
   */
  List<String> awaitOutput(Duration timeout, Pattern... patterns) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String text = readLog();
      List<String> found = new ArrayList<>();
      for (Pattern p : patterns) {
        Matcher m = p.matcher(text);
        if (m.find()) {
          found.add(m.group(1));
        }
      }
      if (found.size() == patterns.length) {
        return found;
      }
      requireAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " printed no " + List.of(patterns) + " within " + timeout + ":\n" + tail(30));
      }
      Thread.sleep(200);
    }
  }

  /** The last {@code lines} lines of the child's log. */
  String tail(int lines) {
    List<String> all = readLog().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private String readLog() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      try {
        return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
      } catch (IOException again) {
        throw new UncheckedIOException(again);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL, as a crash: no shutdown hook runs. Waits until the process is gone. */
  public synchronized void kill() throws InterruptedException {
    if (closed) {
      return;
    }
    closed = true;
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM (so its shutdown hooks run), up to 20 s, then SIGKILL; then its leftover children. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    liveDescendants();
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle child : descendants.values()) {
      if (child.isAlive()) {
        child.destroy();
        child.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        if (child.isAlive()) {
          child.destroyForcibly();
          child.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
      }
    }
  }
}
