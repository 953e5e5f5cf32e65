package io.compressnet.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A Kafka Streams {@code state.dir} for one run against a fresh broker (the demo, the benchmarks),
 * deleted on close. The default, {@code /tmp/kafka-streams/<application.id>}, outlives a run: the
 * next run's new broker has empty changelogs behind those stores, so Kafka Streams declares the
 * tasks corrupted and restores them from scratch (an ERROR in the log and a stall), and two runs at
 * once would lock each other's directories.
 */
public final class TemporaryStateDir implements AutoCloseable {

  private final Path path;

  private TemporaryStateDir(Path path) {
    this.path = path;
  }

  /** A new empty directory under the system's temporary directory. */
  public static TemporaryStateDir create(String prefix) {
    try {
      return new TemporaryStateDir(Files.createTempDirectory(prefix));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary state directory", e);
    }
  }

  public Path path() {
    return path;
  }

  /** Deletes the directory and everything in it; what cannot be deleted is left (temp files). */
  @Override
  public void close() {
    deleteTree(path);
  }

  /** Deletes {@code dir} and everything under it, quietly: for temporary files only. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Leftover temporary files do no harm to the next run.
    }
  }
}
