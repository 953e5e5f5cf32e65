package io.compressnet.cli.live;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The benchmark's child JVMs: launching them, checking they live, naming their pids and stopping
 * them; separate so {@link LiveBench} holds the phases of a run, not the bookkeeping of processes.
 */
final class ChildProcesses {

  private static final String DEVSTACK = "devstack";

  private final String classpath;
  private final String mainClass;
  private final Path logDir;

  // Also the lock for what must see launches whole: listing pids, the stop snapshot, the pid lists.
  private final List<ChildJvm> children = new CopyOnWriteArrayList<>();

  /** How each service was launched, to launch it again the same way on a restart. */
  private final Map<String, Map<String, String>> launchEnvironments = new ConcurrentHashMap<>();

  /** Children run {@code mainClass} from {@code classpath}, logging into {@code logDir}. */
  ChildProcesses(String classpath, String mainClass, Path logDir) {
    this.classpath = classpath;
    this.mainClass = mainClass;
    this.logDir = logDir;
  }

  /** Launches {@code mainClass args} as child {@code name}, logging to {@code name.log}. */
  ChildJvm launch(String name, Map<String, String> env, String... args) throws IOException {
    return launchLogged(name, env, name + ".log", args);
  }

  /** Launches the service {@code name} (its subcommand is its name), remembered for relaunch. */
  void launchService(String name, Map<String, String> env) throws IOException {
    launchEnvironments.put(name, env);
    launch(name, env, name);
  }

  /** Launches a detached service again as it was launched first, logging to a new file. */
  void relaunch(ChildJvm old) throws IOException {
    String name = old.name();
    launchLogged(name, launchEnvironments.get(name), name + "-restarted.log", name);
  }

  private ChildJvm launchLogged(
      String name, Map<String, String> env, String logName, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ChildEnvironment.launcherJvmArgs(System.getenv("JAVA_OPTS")));
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(List.of(args));
    ChildJvm child = ChildJvm.start(name, command, env, logDir.resolve(logName));
    synchronized (children) {
      children.add(child);
    }
    return child;
  }

  /**
   * Takes the named children out of the watched set, so that stopping them is not taken for a
   * crash, and returns them.
   */
  List<ChildJvm> detach(List<String> names) {
    List<ChildJvm> detached = children.stream().filter(c -> names.contains(c.name())).toList();
    children.removeAll(detached);
    return detached;
  }

  /**
   * Starts a thread that interrupts {@code target} as soon as a child dies, so that a send blocked
   * on a dead pipeline ends at once; it ends itself when {@code until} completes.
   */
  Thread interruptOnDeath(Thread target, CompletableFuture<Void> until) {
    Thread watcher =
        new Thread(
            () -> {
              while (!until.isDone()) {
                if (children.stream().anyMatch(c -> !c.isAlive())) {
                  target.interrupt();
                  return;
                }
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-live-watcher");
    watcher.setDaemon(true);
    watcher.start();
    return watcher;
  }

  /** Throws, with the end of its log, for the first child that has exited. */
  void requireAllAlive() {
    for (ChildJvm child : children) {
      child.requireAlive();
    }
  }

  /** Name to pid of every process sampled: the children, the devstack's registry and this JVM. */
  Map<String, Long> sampledPids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    synchronized (children) {
      for (ChildJvm child : children) {
        pids.put(child.name(), child.pid());
        List<ProcessHandle> sub = child.liveDescendants();
        for (int i = 0; i < sub.size(); i++) {
          pids.put(
              child.name().equals(DEVSTACK) && i == 0 ? "registry" : child.name() + "-child-" + i,
              sub.get(i).pid());
        }
      }
    }
    pids.put("bench (producer + reader)", ProcessHandle.current().pid());
    return pids;
  }

  /** Every sampled process for the report, with the log of the child of that name, if any. */
  List<LiveResult.Child> describe() {
    List<LiveResult.Child> list = new ArrayList<>();
    sampledPids().forEach((name, pid) -> list.add(new LiveResult.Child(name, pid, logName(name))));
    return list;
  }

  private String logName(String childName) {
    return children.stream()
        .filter(c -> c.name().equals(childName))
        .map(c -> c.log().getFileName().toString())
        .findFirst()
        .orElse("");
  }

  /** Stops the services together, then the devstack (they need its broker to leave cleanly). */
  void stopAll() {
    List<ChildJvm> services;
    ChildJvm devstack;
    synchronized (children) {
      services = children.stream().filter(c -> !c.name().equals(DEVSTACK)).toList();
      devstack = children.stream().filter(c -> c.name().equals(DEVSTACK)).findFirst().orElse(null);
    }
    CompletableFuture.allOf(
            services.stream()
                .map(c -> CompletableFuture.runAsync(c::close))
                .toArray(CompletableFuture[]::new))
        .join();
    if (devstack != null) {
      devstack.close();
    }
  }

  /** Whether no child, nor any process a child started, is alive. */
  boolean allGone() {
    return allPids().stream()
        .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  /** Pids of every child process and their descendants, for checking nothing is left. */
  List<Long> allPids() {
    synchronized (children) {
      return children.stream().flatMap(c -> c.allPids().stream()).toList();
    }
  }
}
