package io.compressnet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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
 *
 * <p>This class holds the options and the state of one running registry. Finding the distribution
 * is in {@link ApicurioDistribution}, the child JVM's command line, start and stop in {@link
 * RegistryProcess}, and the HTTP calls before it is ready in {@link RegistryReadiness}.
 */
public final class LocalRegistry implements AutoCloseable {

  /** System property naming the unpacked Apicurio distribution directory. */
  public static final String HOME_PROPERTY = "compressnet.apicurio.home";

  /** Environment variable naming the unpacked Apicurio distribution directory. */
  public static final String HOME_ENV = "COMPRESSNET_APICURIO_HOME";

  /** The global compatibility level a registry gets unless the builder says otherwise. */
  public static final String DEFAULT_COMPATIBILITY = "BACKWARD";

  private static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);
  private static final String HOST = "127.0.0.1";

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
    RegistryProcess.stop(process);
  }

  /**
   * Waits until the registry is ready and stores its compatibility level; closes it if either
   * fails, so no half-started registry is left running.
   */
  private void becomeReady(Duration timeout, String compatibility, long launchedNanos) {
    RegistryReadiness readiness = new RegistryReadiness(process, url(), logFile);
    try {
      readiness.awaitReady(timeout);
      readiness.putGlobalCompatibility(confluentApiUrl(), compatibility);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    startupTime = Duration.ofNanos(System.nanoTime() - launchedNanos);
    LOG.info(
        "Apicurio registry ready at {} (pid {}) in {} ms", url(), pid(), startupTime.toMillis());
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
    return ApicurioDistribution.locate(property, env, workingDir);
  }

  /** The Quarkus launcher jar of the distribution, in either of its known layouts. */
  static Optional<Path> findRunnerJar(Path home) {
    return ApicurioDistribution.findRunnerJar(home);
  }

  /** The java the registry's child JVM runs on. */
  static Path javaExecutable() {
    return RegistryProcess.javaExecutable();
  }

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
      Path dist = home != null ? ApicurioDistribution.require(home, "home") : locateHome();
      Path runner = findRunnerJar(dist).orElseThrow();
      RegistryProcess.Settings settings =
          new RegistryProcess.Settings(runner, HOST, defaultCompatibility, extraJvmArgs);
      // A port found free can be taken before the registry binds it: then try another one.
      int attempts = port > 0 ? 1 : 3;
      for (int attempt = 1; ; attempt++) {
        int httpPort = port > 0 ? port : FreePorts.find();
        try {
          return launch(dist, settings, httpPort);
        } catch (PortInUseException e) {
          if (attempt >= attempts) {
            throw e;
          }
          LOG.warn("Registry port {} was taken meanwhile; retrying on another port", httpPort);
        }
      }
    }

    private LocalRegistry launch(Path dist, RegistryProcess.Settings settings, int httpPort) {
      Path tempDir;
      Path log;
      try {
        tempDir = Files.createTempDirectory("compressnet-registry-");
        log = logFileIn(tempDir);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not create the registry's temporary files", e);
      }
      List<String> command;
      try {
        command = RegistryProcess.command(settings, httpPort, tempDir);
      } catch (IOException | RuntimeException e) {
        EmbeddedKafka.deleteRecursively(tempDir);
        throw new IllegalStateException("Could not prepare the registry launch: " + e, e);
      }
      long t0 = System.nanoTime();
      Process process = RegistryProcess.start(command, dist, log);
      LocalRegistry registry = new LocalRegistry(process, httpPort, log, tempDir);
      LOG.debug("Launched registry pid {}: {}", process.pid(), command);
      registry.becomeReady(startupTimeout, defaultCompatibility, t0);
      return registry;
    }

    /** The configured log file (its directory created), or one inside {@code tempDir}. */
    private Path logFileIn(Path tempDir) throws IOException {
      if (logFile == null) {
        return tempDir.resolve("apicurio.log");
      }
      if (logFile.toAbsolutePath().getParent() != null) {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
      }
      return logFile;
    }
  }

  /** The registry could not bind its HTTP port. */
  static final class PortInUseException extends IllegalStateException {
    PortInUseException(String message) {
      super(message);
    }
  }
}
