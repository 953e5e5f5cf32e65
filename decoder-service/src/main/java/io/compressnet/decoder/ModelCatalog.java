package io.compressnet.decoder;

import io.compressnet.codec.bundle.ModelBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model bundles of a models directory, indexed by model id. Every subdirectory holding a {@code
 * model.json} is a bundle. A bundle dropped in later is found without a restart: looking up an
 * unknown id rescans the directory, at most once per rescan interval, so a stream of latents from
 * an unknown model does not turn into a stream of directory scans. A bundle that fails to load
 * (e.g. still being copied: its hash does not match yet) is skipped and tried again next scan.
 *
 * <p>Thread-safe; bundles hold no native memory, so one catalog serves every stream thread.
 */
public final class ModelCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

  private final Path modelsDir;
  private final long rescanIntervalNanos;
  private final LongSupplier nanoTime;
  private final Map<Path, Loaded> byDirectory = new HashMap<>();
  private Map<String, ModelBundle> byId = Map.of();
  private long lastScan;
  private int scans;

  private record Loaded(FileTime manifestTime, ModelBundle bundle) {}

  ModelCatalog(Path modelsDir, Duration rescanInterval, LongSupplier nanoTime) {
    this.modelsDir = modelsDir;
    this.rescanIntervalNanos = rescanInterval.toNanos();
    this.nanoTime = nanoTime;
    rescan();
  }

  /** Scans {@code modelsDir} now; unknown ids rescan at most once per {@code rescanInterval}. */
  public static ModelCatalog open(Path modelsDir, Duration rescanInterval) {
    return new ModelCatalog(modelsDir, rescanInterval, System::nanoTime);
  }

  /** The bundle with this id, rescanning the directory first if it is unknown (rate-limited). */
  public synchronized Optional<ModelBundle> find(String modelId) {
    ModelBundle bundle = byId.get(modelId);
    if (bundle == null && nanoTime.getAsLong() - lastScan >= rescanIntervalNanos) {
      rescan();
      bundle = byId.get(modelId);
    }
    return Optional.ofNullable(bundle);
  }

  /** The ids known now, sorted. */
  public synchronized Set<String> knownIds() {
    return new TreeSet<>(byId.keySet());
  }

  public Path modelsDir() {
    return modelsDir;
  }

  /** How many times the directory was scanned (for tests of the rate limit). */
  synchronized int scans() {
    return scans;
  }

  /** Re-reads the directory: new bundles are added, changed ones reloaded, removed ones dropped. */
  public synchronized void rescan() {
    lastScan = nanoTime.getAsLong();
    scans++;
    Map<String, ModelBundle> found = new TreeMap<>();
    for (Path dir : bundleDirectories()) {
      ModelBundle bundle = load(dir);
      if (bundle == null) {
        continue;
      }
      ModelBundle clash = found.putIfAbsent(bundle.modelId(), bundle);
      if (clash != null) {
        LOG.warn(
            "model {} is in both {} and {}; using the first",
            bundle.modelId(),
            clash.directory(),
            dir);
      }
    }
    if (!found.keySet().equals(byId.keySet())) {
      LOG.info("models in {}: {}", modelsDir, found.keySet());
    }
    byId = Map.copyOf(found);
  }

  private ModelBundle load(Path dir) {
    Path manifest = dir.resolve(ModelBundle.MANIFEST_FILE);
    try {
      FileTime time = Files.getLastModifiedTime(manifest);
      Loaded loaded = byDirectory.get(dir);
      if (loaded != null && loaded.manifestTime().equals(time)) {
        return loaded.bundle();
      }
      ModelBundle bundle = ModelBundle.load(dir);
      byDirectory.put(dir, new Loaded(time, bundle));
      return bundle;
    } catch (IOException | RuntimeException e) {
      byDirectory.remove(dir);
      LOG.warn("skipping model bundle {}: {}", dir, e.getMessage());
      return null;
    }
  }

  private List<Path> bundleDirectories() {
    List<Path> dirs = new ArrayList<>();
    if (!Files.isDirectory(modelsDir)) {
      LOG.warn("models directory {} does not exist", modelsDir.toAbsolutePath());
      return dirs;
    }
    if (Files.isRegularFile(modelsDir.resolve(ModelBundle.MANIFEST_FILE))) {
      dirs.add(modelsDir); // pointed at a single bundle
    }
    try (Stream<Path> children = Files.list(modelsDir)) {
      children
          .filter(Files::isDirectory)
          .filter(d -> Files.isRegularFile(d.resolve(ModelBundle.MANIFEST_FILE)))
          .sorted()
          .forEach(dirs::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list models directory " + modelsDir, e);
    }
    return dirs;
  }
}
