package io.compressnet.trainer;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.model.Autoencoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * The best epoch's weights, kept on disk in a scratch directory until the run ends; separate so the
 * epoch loop only decides when to keep them, and the run when to take them back.
 */
final class BestWeights {
  private final Path dir;

  private BestWeights(Path dir) {
    this.dir = dir;
  }

  /** Weights kept in {@code dir}, created here; {@link #delete()} removes it again. */
  static BestWeights in(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new BestWeights(dir);
  }

  /** Keeps the network's current weights, replacing any kept before. */
  void save(Autoencoder autoencoder) throws IOException {
    save(autoencoder.encoder(), dir.resolve(ModelBundle.ENCODER_FILE));
    save(autoencoder.decoder(), dir.resolve(ModelBundle.DECODER_FILE));
  }

  /** Puts the kept weights back into the network. */
  void restore(Autoencoder autoencoder, NDManager manager) throws IOException {
    load(autoencoder.encoder(), dir.resolve(ModelBundle.ENCODER_FILE), manager);
    load(autoencoder.decoder(), dir.resolve(ModelBundle.DECODER_FILE), manager);
  }

  void delete() throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void save(Block block, Path file) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      block.saveParameters(out);
    }
  }

  private static void load(Block block, Path file, NDManager manager) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      block.loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException("cannot reload best weights from " + file, e);
    }
  }
}
