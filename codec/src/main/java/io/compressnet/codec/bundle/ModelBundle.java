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
import io.compressnet.imaging.entropy.EntropyTablesFile;
import io.compressnet.imaging.entropy.Int8RangeCoder;
import io.compressnet.imaging.entropy.StaticLatentModel;
import io.compressnet.imaging.quant.AffineInt8Quantizer;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.imaging.quant.LatentPacker;
import io.compressnet.imaging.quant.LatentPackers;
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
import java.util.Optional;

/**
 * A trained model on disk: {@code model.json} + {@code encoder.params} + {@code decoder.params},
 * and optionally {@code entropy.bin}, the per-dimension frequency tables of the {@link
 * Encoding#INT8_RANGE} encoding ({@link EntropyTablesFile}).
 *
 * <p>The {@link #modelId()} is the readable name plus the first 8 hex digits of a SHA-256 over both
 * parameter files, then the entropy tables <em>if the bundle has them</em>, so a retrained model
 * never collides with the one it replaces and every latent names exactly the weights (and tables)
 * that made it. A bundle without tables keeps the id it had before tables existed (the shipped
 * {@code models/default} is still {@code emnist-psres32-int8@fe25cc5a}); adding tables ({@link
 * #withEntropyTables}) makes a new id, so a decoder can never decode a coded latent with tables
 * other than the encoder's.
 *
 * <p>A bundle object holds no native memory: {@link #newEncoderBlock} / {@link #newDecoderBlock}
 * build fresh DJL blocks whose parameters live in the caller's manager.
 */
public final class ModelBundle {

  public static final String MANIFEST_FILE = "model.json";
  public static final String ENCODER_FILE = "encoder.params";
  public static final String DECODER_FILE = "decoder.params";
  public static final String ENTROPY_FILE = EntropyTablesFile.FILE_NAME;

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path directory;
  private final BundleManifest manifest;
  private final ModelSpec spec;
  private final AffineInt8Quantizer quantizer;
  private final Int8RangeCoder rangeCoder;

  private ModelBundle(Path directory, BundleManifest manifest, Int8RangeCoder rangeCoder) {
    this.directory = directory;
    this.manifest = manifest;
    this.spec =
        new ModelSpec(
            Architecture.fromName(manifest.architecture()),
            manifest.width(),
            manifest.height(),
            manifest.latentDims(),
            manifest.channelCount());
    BundleManifest.Quantization q = manifest.quantization();
    this.quantizer = q == null ? null : new AffineInt8Quantizer(q.min(), q.scale());
    this.rangeCoder = rangeCoder;
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
    ModelBundle bundle =
        new ModelBundle(directory, manifest, readEntropyTables(directory, manifest));
    String actualHash = parameterHash(directory, manifest);
    if (!actualHash.equals(manifest.parameterHash())) {
      throw new BundleFormatException(
          String.format(
              "model bundle %s: parameter files do not match model.json (hash %s, expected %s)",
              directory, actualHash.substring(0, 8), shortHash(manifest.parameterHash())));
    }
    return bundle;
  }

  private static Int8RangeCoder readEntropyTables(Path directory, BundleManifest manifest) {
    Path file = directory.resolve(ENTROPY_FILE);
    if (!Files.exists(file)) {
      return null;
    }
    StaticLatentModel model;
    try {
      model = EntropyTablesFile.fromBytes(Files.readAllBytes(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new BundleFormatException("unusable " + file + ": " + e.getMessage(), e);
    }
    if (model.dims() != manifest.latentDims() || model.symbols() != 256) {
      throw new BundleFormatException(
          String.format(
              "%s has tables for %d dims of %d symbols; the model has %d INT8 dims",
              file, model.dims(), model.symbols(), manifest.latentDims()));
    }
    return new Int8RangeCoder(model);
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
      BundleManifest manifest = draft.withParameterHash(parameterHash(directory, draft));
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
    return new ModelBundle(directory, updated, rangeCoder);
  }

  /**
   * Writes this bundle with {@code tables} as its entropy tables to {@code target} (this bundle's
   * directory to rewrite it in place, or a new one: the parameter files are copied) and returns it
   * loaded. The result has a <b>new model id</b>, because the content hash covers the tables; keep
   * the old bundle where decoders still have to read latents made with the old id.
   *
   * @throws IllegalArgumentException if the tables do not fit the model's INT8 latents
   */
  public ModelBundle withEntropyTables(StaticLatentModel tables, Path target) {
    if (tables.dims() != spec.latentDims() || tables.symbols() != 256) {
      throw new IllegalArgumentException(
          "tables for "
              + tables.dims()
              + " dims of "
              + tables.symbols()
              + " symbols do not fit "
              + modelId());
    }
    try {
      Files.createDirectories(target);
      if (!Files.isSameFile(directory, target)) {
        for (String file : new String[] {ENCODER_FILE, DECODER_FILE}) {
          Files.copy(
              directory.resolve(file),
              target.resolve(file),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.write(target.resolve(ENTROPY_FILE), EntropyTablesFile.toBytes(tables));
      BundleManifest updated = manifest.withParameterHash(parameterHash(target, manifest));
      JSON.writeValue(target.resolve(MANIFEST_FILE).toFile(), updated);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write entropy tables to " + target, e);
    }
    return load(target);
  }

  /**
   * Writes this model with its latent grid coarsened {@code factor} times (see {@link
   * AffineInt8Quantizer#coarser}) to {@code target}, a directory other than this bundle's, and
   * returns it loaded: the rate knob of a trained model. Its name gains {@code -stepN} and, since
   * its grid is hashed, it has a <b>new model id</b>; its evaluation is dropped (run {@code
   * compressnet evaluate}). It has no entropy tables yet: fit them on its own codes.
   */
  public ModelBundle withCoarserQuantization(int factor, Path target) {
    AffineInt8Quantizer coarser = quantizer.coarser(factor);
    BundleManifest draft =
        manifest.withCoarserQuantization(
            factor, new BundleManifest.Quantization(coarser.min(), coarser.scale()));
    try {
      Files.createDirectories(target);
      if (Files.isSameFile(directory, target)) {
        throw new IllegalArgumentException(
            "a coarser grid needs a new bundle directory: "
                + target
                + " holds "
                + modelId()
                + ", which decoders still need for latents of its id");
      }
      for (String file : new String[] {ENCODER_FILE, DECODER_FILE}) {
        Files.copy(
            directory.resolve(file),
            target.resolve(file),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Files.deleteIfExists(target.resolve(ENTROPY_FILE));
      JSON.writeValue(
          target.resolve(MANIFEST_FILE).toFile(),
          draft.withParameterHash(parameterHash(target, draft)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the coarser bundle to " + target, e);
    }
    return load(target);
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

  /** The coder of {@link Encoding#INT8_RANGE}, if this bundle has entropy tables. */
  public Optional<Int8RangeCoder> rangeCoder() {
    return Optional.ofNullable(rangeCoder);
  }

  /**
   * The coder of {@link Encoding#INT8_RANGE}.
   *
   * @throws BundleFormatException if this bundle has no entropy tables, with how to add them
   */
  public Int8RangeCoder requireRangeCoder() {
    if (rangeCoder == null) {
      throw new BundleFormatException(
          "model "
              + modelId()
              + " has no entropy tables ("
              + ENTROPY_FILE
              + "), so it cannot use INT8_RANGE; add them with `compressnet fit-entropy`");
    }
    return rangeCoder;
  }

  /**
   * The packer of a fixed-length {@code encoding}. {@link Encoding#INT8_RANGE} has none: it is the
   * {@link Encoding#INT8} packer's output coded by {@link #requireRangeCoder()}.
   *
   * @throws IllegalArgumentException for {@link Encoding#INT8_RANGE}
   */
  public LatentPacker packer(Encoding encoding) {
    return LatentPackers.forEncoding(encoding, spec.latentDims(), quantizer);
  }

  /** A new encoder block with this bundle's weights, its parameters owned by {@code manager}. */
  public Block newEncoderBlock(NDManager manager) {
    Block block = spec.architecture().encoder(spec);
    loadInto(block, manager, spec.inputShape(1), ENCODER_FILE);
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

  static String parameterHash(Path directory, BundleManifest manifest) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(Files.readAllBytes(directory.resolve(ENCODER_FILE)));
      sha.update(Files.readAllBytes(directory.resolve(DECODER_FILE)));
      // Only when present, so bundles without tables keep the ids they always had.
      Path entropy = directory.resolve(ENTROPY_FILE);
      if (Files.exists(entropy)) {
        sha.update(Files.readAllBytes(entropy));
      }
      // A coarsened grid shares the parameter files of the bundle it came from, so its grid is
      // hashed too: a decoder must never take its codes for the finer grid's. Trained bundles
      // (multiplier 1) keep their ids.
      if (manifest.stepMultiplier() != 1) {
        sha.update(quantizationBytes(manifest.quantization()));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new BundleFormatException("cannot read parameters of " + directory, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  private static byte[] quantizationBytes(BundleManifest.Quantization quantization) {
    java.nio.ByteBuffer bytes =
        java.nio.ByteBuffer.allocate(8 * quantization.min().length)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int d = 0; d < quantization.min().length; d++) {
      bytes.putFloat(quantization.min()[d]).putFloat(quantization.scale()[d]);
    }
    return bytes.array();
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
