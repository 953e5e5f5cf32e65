package io.compressnet.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real schema registry for development and tests: the Apicurio Registry distribution run as a
 * child JVM on 127.0.0.1 with in-memory storage. Clients use the Confluent-compatible API at {@link
 * #confluentApiUrl()}.
 *
 * <p>Its global compatibility level is BACKWARD unless {@link Builder#defaultCompatibility} says
 * otherwise (Apicurio's own default is NONE, which would accept breaking schema changes).
 *
 * <p>The distribution is unpacked at build time into {@code devstack/target/apicurio}; see {@link
 * #locateHome()} for how it is found at run time. The child process is stopped on {@link #close()},
 * by a JVM shutdown hook if close is never called, and by its own {@link ParentWatchdog} if this
 * JVM dies without running its hooks (SIGKILL, crash).
 */
public final class LocalRegistry implements AutoCloseable {

  /** System property naming the unpacked Apicurio distribution directory. */
  public static final String HOME_PROPERTY = "compressnet.apicurio.home";

  /** Environment variable naming the unpacked Apicurio distribution directory. */
  public static final String HOME_ENV = "COMPRESSNET_APICURIO_HOME";

  static final Path BUILD_LOCATION = Paths.get("devstack", "target", "apicurio");

  private static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);
  private static final String HOST = "127.0.0.1";
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 40;
  // What Quarkus logs when its HTTP port is taken.
  private static final String QUARKUS_PORT_IN_USE = "seems to be in use by another process";

  private final Process process;
  private final int port;
  private final Path logFile;
  private final Path ownedTempDir;
  private final Thread shutdownHook;
  private Duration startupTime = Duration.ZERO;

  private LocalRegistry(Process process, int port, Path logFile, Path ownedTempDir) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
    this.ownedTempDir = ownedTempDir;
    this.shutdownHook = new Thread(this::destroyProcess, "local-registry-shutdown-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a registry on a free port and waits (up to 60 s) until it is ready. */
  public static LocalRegistry start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://" + HOST + ":" + port;
  }

  /** The Confluent Schema Registry compatible API: the {@code schema.registry.url} for clients. */
  public String confluentApiUrl() {
    return url() + "/apis/ccompat/v7";
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Time from launching the child JVM until {@code /health/ready} answered 200. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Stops the child process (terminate, wait, then kill) and deletes its temporary files. */
  @Override
  public void close() {
    destroyProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shutdownInProgress) {
      // The JVM is already exiting; the hook is running or has run.
    }
    if (ownedTempDir != null) {
      EmbeddedKafka.deleteRecursively(ownedTempDir);
    }
  }

  private void destroyProcess() {
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

  /**
   * Finds the unpacked Apicurio distribution: the system property {@value #HOME_PROPERTY}, then the
   * environment variable {@value #HOME_ENV}, then {@code devstack/target/apicurio} in the working
   * directory or any parent of it (so the CLI and the tests find it anywhere inside the
   * repository).
   *
   * @throws IllegalStateException with instructions if it is not found
   */
  public static Path locateHome() {
    return locateHome(
        System.getProperty(HOME_PROPERTY), System.getenv(HOME_ENV), Paths.get("").toAbsolutePath());
  }

  static Path locateHome(String property, String env, Path workingDir) {
    if (property != null && !property.isBlank()) {
      return requireDistribution(Paths.get(property), "system property " + HOME_PROPERTY);
    }
    if (env != null && !env.isBlank()) {
      return requireDistribution(Paths.get(env), "environment variable " + HOME_ENV);
    }
    for (Path dir = workingDir; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(BUILD_LOCATION);
      if (findRunnerJar(candidate).isPresent()) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "The Apicurio Registry distribution was not found: no "
            + BUILD_LOCATION
            + " in "
            + workingDir
            + " or its parents, and neither -D"
            + HOME_PROPERTY
            + " nor "
            + HOME_ENV
            + " is set. Build it with `mvn -pl devstack package` in the CompressNet repository"
            + " (it unpacks io.apicurio:apicurio-registry-app:all:tar.gz into "
            + BUILD_LOCATION
            + "), or point "
            + HOME_ENV
            + " at an unpacked copy.");
  }

  private static Path requireDistribution(Path dir, String source) {
    if (findRunnerJar(dir).isEmpty()) {
      throw new IllegalStateException(
          source
              + " points at "
              + dir.toAbsolutePath()
              + ", which holds no Apicurio Registry runner jar (*-runner.jar or"
              + " quarkus-app/quarkus-run.jar). Build it with `mvn -pl devstack package`.");
    }
    return dir;
  }

  /** The Quarkus launcher jar of the distribution, in either of its known layouts. */
  static Optional<Path> findRunnerJar(Path home) {
    if (!Files.isDirectory(home)) {
      return Optional.empty();
    }
    Path fastJar = home.resolve("quarkus-app").resolve("quarkus-run.jar");
    if (Files.isRegularFile(fastJar)) {
      return Optional.of(fastJar);
    }
    try (Stream<Path> files = Files.list(home)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
          .filter(Files::isRegularFile)
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Path javaExecutable() {
    Optional<Path> current =
        ProcessHandle.current().info().command().map(Paths::get).filter(Files::isExecutable);
    if (current.isPresent() && current.get().getFileName().toString().startsWith("java")) {
      return current.get();
    }
    return Paths.get(System.getProperty("java.home"), "bin", "java");
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(
          System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log " + file + " unreadable: " + e.getMessage() + ")";
    }
  }

  /** The global compatibility level a registry gets unless the builder says otherwise. */
  public static final String DEFAULT_COMPATIBILITY = "BACKWARD";

  /** Options for {@link LocalRegistry}. */
  public static final class Builder {
    private int port;
    private String defaultCompatibility = DEFAULT_COMPATIBILITY;
    private Path home;
    private Path logFile;
    private Duration startupTimeout = Duration.ofSeconds(60);
    private final List<String> extraJvmArgs = new ArrayList<>();

    private Builder() {}

    /** HTTP port; 0 (default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Not a port: " + port);
      }
      this.port = port;
      return this;
    }

    /** The unpacked distribution; default {@link LocalRegistry#locateHome()}. */
    public Builder home(Path home) {
      this.home = Objects.requireNonNull(home);
      return this;
    }

    /** Where the registry's output goes; default a temporary file deleted on close. */
    public Builder logFile(Path logFile) {
      this.logFile = Objects.requireNonNull(logFile);
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * The registry's global compatibility level (default {@value
     * LocalRegistry#DEFAULT_COMPATIBILITY}); {@code NONE} gives Apicurio's own default, like a
     * freshly installed registry.
     */
    public Builder defaultCompatibility(String level) {
      this.defaultCompatibility = Objects.requireNonNull(level).trim().toUpperCase(Locale.ROOT);
      return this;
    }

    /**
     * Extra JVM options for the child, e.g. {@code -Dregistry.ccompat.legacy-id-mode.enabled=true}.
     */
    public Builder jvmArg(String arg) {
      extraJvmArgs.add(Objects.requireNonNull(arg));
      return this;
    }

    /** Launches the child JVM and waits until {@code /health/ready} answers 200. */
    public LocalRegistry start() {
      Path dist = home != null ? requireDistribution(home, "home") : locateHome();
      Path runner = findRunnerJar(dist).orElseThrow();
      // A port found free can be taken before the registry binds it: then try another one.
      int attempts = port > 0 ? 1 : 3;
      for (int attempt = 1; ; attempt++) {
        int httpPort = port > 0 ? port : FreePorts.find();
        try {
          return launch(dist, runner, httpPort);
        } catch (PortInUseException e) {
          if (attempt >= attempts) {
            throw e;
          }
          LOG.warn("Registry port {} was taken meanwhile; retrying on another port", httpPort);
        }
      }
    }

    private LocalRegistry launch(Path dist, Path runner, int httpPort) {
      Path tempDir;
      Path log = logFile;
      try {
        tempDir = Files.createTempDirectory("compressnet-registry-");
        if (log == null) {
          log = tempDir.resolve("apicurio.log");
        } else if (log.toAbsolutePath().getParent() != null) {
          Files.createDirectories(log.toAbsolutePath().getParent());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Could not create the registry's temporary files", e);
      }
      List<String> command;
      try {
        command = command(runner, httpPort, installWatchdog(tempDir));
      } catch (IOException | RuntimeException e) {
        EmbeddedKafka.deleteRecursively(tempDir);
        throw new IllegalStateException("Could not prepare the registry launch: " + e, e);
      }
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(dist.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
      long t0 = System.nanoTime();
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not launch " + command, e);
      }
      LocalRegistry registry = new LocalRegistry(process, httpPort, log, tempDir);
      LOG.debug("Launched registry pid {}: {}", process.pid(), command);
      try {
        registry.awaitReady(startupTimeout);
        registry.putGlobalCompatibility(defaultCompatibility);
      } catch (RuntimeException e) {
        registry.close();
        throw e;
      }
      registry.startupTime = Duration.ofNanos(System.nanoTime() - t0);
      LOG.info(
          "Apicurio registry ready at {} (pid {}) in {} ms",
          registry.url(),
          registry.pid(),
          registry.startupTime.toMillis());
      return registry;
    }

    /**
     * The child runs {@link ParentWatchdog}, which starts the distribution's own main class and
     * stops the child if this JVM disappears without running its shutdown hooks.
     */
    private List<String> command(Path runner, int httpPort, Path watchdogClasses)
        throws IOException {
      List<String> command = new ArrayList<>();
      command.add(javaExecutable().toString());
      command.add("-Dquarkus.http.host=" + HOST);
      command.add("-Dquarkus.http.port=" + httpPort);
      // A short-lived dev process: C1 only, one GC thread and a small heap start it in seconds.
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-XX:+UseSerialGC");
      command.add("-Xmx256m");
      if (!"NONE".equals(defaultCompatibility)) {
        // Apicurio enforces this global rule from its first request on...
        command.add("-Dregistry.rules.global.compatibility=" + defaultCompatibility);
      }
      command.addAll(extraJvmArgs);
      command.add("-cp");
      command.add(runner + java.io.File.pathSeparator + watchdogClasses);
      command.add(ParentWatchdog.class.getName());
      command.add(String.valueOf(ProcessHandle.current().pid()));
      command.add(mainClass(runner));
      return command;
    }

    private static String mainClass(Path runnerJar) throws IOException {
      try (JarFile jar = new JarFile(runnerJar.toFile())) {
        Manifest manifest = jar.getManifest();
        String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
        if (main == null || main.isBlank()) {
          throw new IOException(runnerJar + " names no Main-Class in its manifest");
        }
        return main.trim();
      }
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

    private static java.io.File nullDevice() {
      return new java.io.File(
          System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("windows")
              ? "NUL"
              : "/dev/null");
    }
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(url() + "/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    int lastStatus = -1;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String tail = tail(logFile, LOG_TAIL_LINES);
        String message =
            "The Apicurio registry process exited with code "
                + process.exitValue()
                + " before it was ready. Last lines of "
                + logFile
                + ":"
                + System.lineSeparator()
                + tail;
        throw tail.contains(QUARKUS_PORT_IN_USE)
            ? new PortInUseException(message)
            : new IllegalStateException(message);
      }
      try {
        lastStatus = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (lastStatus == 200) {
          return;
        }
      } catch (ConnectException | java.net.http.HttpTimeoutException notYetListening) {
        // Still booting.
      } catch (IOException e) {
        LOG.debug("Registry readiness probe failed: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted waiting for the registry", e);
      }
      sleep(200);
    }
    throw new IllegalStateException(
        "The Apicurio registry at "
            + url()
            + " was not ready within "
            + timeout.toSeconds()
            + " s (last /health/ready status "
            + lastStatus
            + "). Last lines of "
            + logFile
            + ":"
            + System.lineSeparator()
            + tail(logFile, LOG_TAIL_LINES));
  }

  /**
   * ...but its ccompat {@code GET /config} reports NONE for a rule that came from a startup
   * property (measured on 2.6.13), so the level is also stored through the Confluent API, where
   * clients read it.
   */
  private void putGlobalCompatibility(String level) {
    if ("NONE".equals(level)) {
      return;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest put =
        HttpRequest.newBuilder(URI.create(confluentApiUrl() + "/config"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(put, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("Could not set the registry's compatibility to " + level, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted setting the registry's compatibility", e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "The registry refused compatibility "
              + level
              + ": HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted waiting for the registry", e);
    }
  }

  /** The registry could not bind its HTTP port. */
  static final class PortInUseException extends IllegalStateException {
    PortInUseException(String message) {
      super(message);
    }
  }
}
