package io.compressnet.codec.bundle;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.codec.quant.AffineInt8Quantizer;
import io.compressnet.codec.quant.Encoding;
import io.compressnet.codec.quant.LatentPacker;
import io.compressnet.codec.quant.LatentPackers;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A trained model on disk: {@code model.json} + {@code encoder.params} + {@code decoder.params}.
 *
 * <p>The {@link #modelId()} is the readable name plus the first 8 hex digits of a SHA-256 over both
 * parameter files, so a retrained model never collides with the one it replaces and every latent
 * names exactly the weights that made it.
 *
 * <p>A bundle object holds no native memory: {@link #newEncoderBlock} / {@link #newDecoderBlock}
 * build fresh DJL blocks whose parameters live in the caller's manager.
 */
public final class ModelBundle {

  public static final String MANIFEST_FILE = "model.json";
  public static final String ENCODER_FILE = "encoder.params";
  public static final String DECODER_FILE = "decoder.params";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path directory;
  private final BundleManifest manifest;
  private final ModelSpec spec;
  private final AffineInt8Quantizer quantizer;

  private ModelBundle(Path directory, BundleManifest manifest) {
    this.directory = directory;
    this.manifest = manifest;
    this.spec =
        new ModelSpec(
            Architecture.fromName(manifest.architecture()),
            manifest.width(),
            manifest.height(),
            manifest.latentDims());
    BundleManifest.Quantization q = manifest.quantization();
    this.quantizer = q == null ? null : new AffineInt8Quantizer(q.min(), q.scale());
  }

  /** Loads and validates a bundle directory (parameters are read when blocks are built). */
  public static ModelBundle load(Path directory) {
    Path manifestFile = directory.resolve(MANIFEST_FILE);
    if (!Files.isRegularFile(manifestFile)) {
      throw new BundleFormatException(
          "not a model bundle: " + manifestFile.toAbsolutePath() + " does not exist");
    }
    BundleManifest manifest;
    try {
      manifest = JSON.readValue(manifestFile.toFile(), BundleManifest.class);
    } catch (IOException e) {
      throw new BundleFormatException("unreadable " + manifestFile + ": " + e.getMessage(), e);
    }
    if (manifest.formatVersion() != BundleManifest.CURRENT_FORMAT_VERSION) {
      throw new BundleFormatException(
          String.format(
              "%s has bundle format version %d; this CompressNet reads version %d",
              manifestFile, manifest.formatVersion(), BundleManifest.CURRENT_FORMAT_VERSION));
    }
    for (String file : new String[] {ENCODER_FILE, DECODER_FILE}) {
      if (!Files.isRegularFile(directory.resolve(file))) {
        throw new BundleFormatException("model bundle " + directory + " is missing " + file);
      }
    }
    if (manifest.quantization() == null
        || manifest.quantization().min().length != manifest.latentDims()) {
      throw new BundleFormatException(
          "model bundle " + directory + " has no INT8 quantization for its latent dims");
    }
    ModelBundle bundle = new ModelBundle(directory, manifest);
    String actualHash = parameterHash(directory);
    if (!actualHash.equals(manifest.parameterHash())) {
      throw new BundleFormatException(
          String.format(
              "model bundle %s: parameter files do not match model.json (hash %s, expected %s)",
              directory, actualHash.substring(0, 8), shortHash(manifest.parameterHash())));
    }
    return bundle;
  }

  /**
   * Writes a bundle from trained blocks; returns it loaded back, so the caller holds exactly what a
   * service would load.
   */
  public static ModelBundle save(
      Path directory, BundleManifest draft, Block encoder, Block decoder) {
    try {
      Files.createDirectories(directory);
      writeParameters(encoder, directory.resolve(ENCODER_FILE));
      writeParameters(decoder, directory.resolve(DECODER_FILE));
      BundleManifest manifest =
          new BundleManifest(
              BundleManifest.CURRENT_FORMAT_VERSION,
              draft.name(),
              draft.architecture(),
              draft.width(),
              draft.height(),
              draft.latentDims(),
              draft.encoding(),
              draft.quantization(),
              draft.dataset(),
              draft.training(),
              draft.evaluation(),
              parameterHash(directory));
      JSON.writeValue(directory.resolve(MANIFEST_FILE).toFile(), manifest);
      return load(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model bundle " + directory, e);
    }
  }

  /** Rewrites model.json with new evaluation figures (the id does not change). */
  public ModelBundle withEvaluation(java.util.Map<String, Object> evaluation) {
    BundleManifest updated = manifest.withEvaluation(evaluation);
    try {
      JSON.writeValue(directory.resolve(MANIFEST_FILE).toFile(), updated);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update " + directory.resolve(MANIFEST_FILE), e);
    }
    return new ModelBundle(directory, updated);
  }

  /** The default readable name, e.g. {@code emnist-ps32-int8}. */
  public static String defaultName(String dataset, ModelSpec spec, Encoding encoding) {
    String design = spec.architecture().shortName();
    // "lite10" + 32 dims must not read as "lite1032": a design ending in a digit gets a dash.
    String separator = Character.isDigit(design.charAt(design.length() - 1)) ? "-" : "";
    return String.format(
        Locale.ROOT,
        "%s-%s%s%d-%s",
        dataset,
        design,
        separator,
        spec.latentDims(),
        encoding.name().toLowerCase(Locale.ROOT));
  }

  public String modelId() {
    return manifest.name() + "@" + shortHash(manifest.parameterHash());
  }

  public Path directory() {
    return directory;
  }

  public BundleManifest manifest() {
    return manifest;
  }

  public ModelSpec spec() {
    return spec;
  }

  public Encoding defaultEncoding() {
    return Encoding.valueOf(manifest.encoding());
  }

  public AffineInt8Quantizer quantizer() {
    return quantizer;
  }

  public LatentPacker packer(Encoding encoding) {
    return LatentPackers.forEncoding(encoding, spec.latentDims(), quantizer);
  }

  /** A new encoder block with this bundle's weights, its parameters owned by {@code manager}. */
  public Block newEncoderBlock(NDManager manager) {
    Block block = spec.architecture().encoder(spec);
    loadInto(block, manager, new Shape(1, 1, spec.height(), spec.width()), ENCODER_FILE);
    return block;
  }

  /** A new decoder block with this bundle's weights, its parameters owned by {@code manager}. */
  public Block newDecoderBlock(NDManager manager) {
    Block block = spec.architecture().decoder(spec);
    loadInto(block, manager, new Shape(1, spec.latentDims()), DECODER_FILE);
    return block;
  }

  private void loadInto(Block block, NDManager manager, Shape inputShape, String file) {
    block.initialize(manager, DataType.FLOAT32, inputShape);
    try (InputStream raw = Files.newInputStream(directory.resolve(file));
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
      block.loadParameters(manager, in);
    } catch (IOException | MalformedModelException e) {
      throw new BundleFormatException(
          "cannot load " + directory.resolve(file) + ": " + e.getMessage(), e);
    }
  }

  private static void writeParameters(Block block, Path file) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      block.saveParameters(out);
    }
  }

  static String parameterHash(Path directory) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(Files.readAllBytes(directory.resolve(ENCODER_FILE)));
      sha.update(Files.readAllBytes(directory.resolve(DECODER_FILE)));
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new BundleFormatException("cannot read parameters of " + directory, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  private static String shortHash(String hash) {
    return hash == null || hash.length() < 8 ? String.valueOf(hash) : hash.substring(0, 8);
  }

  /** For tests: the bytes a block's parameters serialize to. */
  static byte[] parameterBytes(Block block) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    }
    return bytes.toByteArray();
  }
}
