package io.compressnet.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Finding the unpacked Apicurio Registry distribution and reading its launcher jar; separate from
 * {@link LocalRegistry} because none of it needs a running registry (and it is tested without one).
 */
final class ApicurioDistribution {

  /** Where the build unpacks the distribution, relative to the repository root. */
  static final Path BUILD_LOCATION = Paths.get("devstack", "target", "apicurio");

  private ApicurioDistribution() {}

  /**
   * The distribution named by {@code property}, else by {@code env}, else the first {@link
   * #BUILD_LOCATION} found in {@code workingDir} or a parent of it.
   *
   * @throws IllegalStateException with instructions if it is not found
   */
  static Path locate(String property, String env, Path workingDir) {
    if (property != null && !property.isBlank()) {
      return require(Paths.get(property), "system property " + LocalRegistry.HOME_PROPERTY);
    }
    if (env != null && !env.isBlank()) {
      return require(Paths.get(env), "environment variable " + LocalRegistry.HOME_ENV);
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
            + LocalRegistry.HOME_PROPERTY
            + " nor "
            + LocalRegistry.HOME_ENV
            + " is set. Build it with `mvn -pl devstack package` in the CompressNet repository"
            + " (it unpacks io.apicurio:apicurio-registry-app:all:tar.gz into "
            + BUILD_LOCATION
            + "), or point "
            + LocalRegistry.HOME_ENV
            + " at an unpacked copy.");
  }

  /**
   * {@code dir}, if it holds a distribution.
   *
   * @param source what named {@code dir}, for the error message
   * @throws IllegalStateException if it holds none
   */
  static Path require(Path dir, String source) {
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

  /** The {@code Main-Class} of the launcher jar, which the watchdog starts in the child. */
  static String mainClass(Path runnerJar) throws IOException {
    try (JarFile jar = new JarFile(runnerJar.toFile())) {
      Manifest manifest = jar.getManifest();
      String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
      if (main == null || main.isBlank()) {
        throw new IOException(runnerJar + " names no Main-Class in its manifest");
      }
      return main.trim();
    }
  }
}
