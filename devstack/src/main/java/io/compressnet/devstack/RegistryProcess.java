package io.compressnet.devstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's child JVM: its command line, its start and its stop; separate so {@link
 * LocalRegistry} holds only the options and the state of one running registry.
 */
final class RegistryProcess {

  // The registry's logger, so log settings made for LocalRegistry still cover its process.
  private static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private RegistryProcess() {}

  /** What the child JVM is to run with, besides the port it is tried on. */
  record Settings(
      Path runnerJar, String host, String defaultCompatibility, List<String> extraJvmArgs) {}

  /**
   * The child runs {@link ParentWatchdog}, which starts the distribution's own main class and stops
   * the child if this JVM disappears without running its shutdown hooks. The watchdog's class file
   * is copied into {@code tempDir} for that.
   */
  static List<String> command(Settings settings, int httpPort, Path tempDir) throws IOException {
    Path watchdogClasses = installWatchdog(tempDir);
    List<String> command = new ArrayList<>();
    command.add(javaExecutable().toString());
    command.add("-Dquarkus.http.host=" + settings.host());
    command.add("-Dquarkus.http.port=" + httpPort);
    // A short-lived dev process: C1 only, one GC thread and a small heap start it in seconds.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xmx256m");
    if (!"NONE".equals(settings.defaultCompatibility())) {
      // Apicurio enforces this global rule from its first request on, but see
      // RegistryReadiness.putGlobalCompatibility for why that is not enough.
      command.add("-Dregistry.rules.global.compatibility=" + settings.defaultCompatibility());
    }
    command.addAll(settings.extraJvmArgs());
    command.add("-cp");
    command.add(settings.runnerJar() + File.pathSeparator + watchdogClasses);
    command.add(ParentWatchdog.class.getName());
    command.add(String.valueOf(ProcessHandle.current().pid()));
    command.add(ApicurioDistribution.mainClass(settings.runnerJar()));
    return command;
  }

  /** Starts {@code command} in the distribution's directory, all its output into {@code log}. */
  static Process start(List<String> command, Path distribution, Path log) {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(distribution.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not launch " + command, e);
    }
  }

  /** Terminates {@code process}, waits a grace period, then kills it. */
  static void stop(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Registry pid {} ignored SIGTERM for {}; killing it", process.pid(), STOP_GRACE);
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The java of this JVM, so the child runs on the same Java version. */
  static Path javaExecutable() {
    Optional<Path> current =
        ProcessHandle.current().info().command().map(Paths::get).filter(Files::isExecutable);
    if (current.isPresent() && current.get().getFileName().toString().startsWith("java")) {
      return current.get();
    }
    return Paths.get(System.getProperty("java.home"), "bin", "java");
  }

  /** Copies the watchdog's class file into {@code dir}/watchdog, a classpath root. */
  private static Path installWatchdog(Path dir) throws IOException {
    String classFile = ParentWatchdog.class.getSimpleName() + ".class";
    Path root = dir.resolve("watchdog");
    Path target =
        root.resolve(ParentWatchdog.class.getPackageName().replace('.', '/')).resolve(classFile);
    Files.createDirectories(target.getParent());
    try (InputStream in = ParentWatchdog.class.getResourceAsStream(classFile)) {
      if (in == null) {
        throw new IOException(classFile + " not found on the classpath");
      }
      Files.copy(in, target);
    }
    return root;
  }

  private static File nullDevice() {
    return new File(
        System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows")
            ? "NUL"
            : "/dev/null");
  }
}
