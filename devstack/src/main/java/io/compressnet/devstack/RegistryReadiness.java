package io.compressnet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP calls a freshly launched registry gets before it is handed out: the readiness wait and
 * the global compatibility level; separate from {@link LocalRegistry} so it holds no HTTP.
 */
final class RegistryReadiness {

  // The registry's logger, so log settings made for LocalRegistry still cover these probes.
  private static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);
  private static final int LOG_TAIL_LINES = 40;
  private static final long POLL_MILLIS = 200;
  // What Quarkus logs when its HTTP port is taken.
  private static final String QUARKUS_PORT_IN_USE = "seems to be in use by another process";

  private final Process process;
  private final String url;
  private final Path logFile;

  /** Checks {@code process}, which serves {@code url} and writes {@code logFile}. */
  RegistryReadiness(Process process, String url, Path logFile) {
    this.process = process;
    this.url = url;
    this.logFile = logFile;
  }

  /**
   * Polls {@code /health/ready} until it answers 200.
   *
   * @throws LocalRegistry.PortInUseException if the process exited because its port was taken
   * @throws IllegalStateException if it exited otherwise, or was not ready in time
   */
  void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(url + "/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    int lastStatus = -1;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw exitedEarly();
      }
      try {
        lastStatus = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (lastStatus == 200) {
          return;
        }
      } catch (ConnectException | HttpTimeoutException notYetListening) {
        // Still booting.
      } catch (IOException e) {
        LOG.debug("Registry readiness probe failed: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted waiting for the registry", e);
      }
      sleep(POLL_MILLIS);
    }
    throw new IllegalStateException(
        "The Apicurio registry at "
            + url
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

  private IllegalStateException exitedEarly() {
    String tail = tail(logFile, LOG_TAIL_LINES);
    String message =
        "The Apicurio registry process exited with code "
            + process.exitValue()
            + " before it was ready. Last lines of "
            + logFile
            + ":"
            + System.lineSeparator()
            + tail;
    return tail.contains(QUARKUS_PORT_IN_USE)
        ? new LocalRegistry.PortInUseException(message)
        : new IllegalStateException(message);
  }

  /**
   * Stores {@code level} as the global compatibility through the Confluent API at {@code
   * confluentApiUrl}. The launch already set it as a startup property, which Apicurio enforces, but
   * its ccompat {@code GET /config} reports NONE for a rule that came from a startup property
   * (measured on 2.6.13), so the level is also stored here, where clients read it.
   */
  void putGlobalCompatibility(String confluentApiUrl, String level) {
    if ("NONE".equals(level)) {
      return;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest put =
        HttpRequest.newBuilder(URI.create(confluentApiUrl + "/config"))
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

  /** The last {@code lines} of {@code file}, for quoting in an error. */
  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(
          System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log " + file + " unreadable: " + e.getMessage() + ")";
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
}
