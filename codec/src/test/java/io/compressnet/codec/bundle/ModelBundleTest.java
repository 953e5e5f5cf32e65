package io.compressnet.codec.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.compressnet.codec.model.Architecture;
import io.compressnet.codec.model.Autoencoder;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.imaging.entropy.EntropyTablesFile;
import io.compressnet.imaging.entropy.StaticLatentModel;
import io.compressnet.imaging.quant.Encoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

  @TempDir Path dir;

  private static final ModelSpec SPEC = ModelSpec.emnist(Architecture.PIXEL_SHUFFLE, 8);

  static BundleManifest draft() {
    float[] min = new float[8];
    float[] scale = new float[8];
    Arrays.fill(min, -1f);
    Arrays.fill(scale, 2f / 255);
    return new BundleManifest(
        1,
        "test-ps8-int8",
        "ps",
        28,
        28,
        8,
        null,
        "INT8",
        new BundleManifest.Quantization(min, scale),
        Map.of("name", "unit"),
        Map.of(),
        null,
        null);
  }

  private ModelBundle saveRandom(Path target, long seed) {
    Engine.getInstance().setRandomSeed((int) seed);
    try (NDManager m = Engine.getInstance().newBaseManager()) {
      Autoencoder ae = new Autoencoder(SPEC, 0f);
      ae.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
      return ModelBundle.save(target, draft(), ae.encoder(), ae.decoder());
    }
  }

  @Test
  void shouldSaveAndLoadWithAStableContentHashId() throws IOException {
    // Given
    ModelBundle saved = saveRandom(dir.resolve("a"), 1);
    // When: loaded again, and a byte-identical copy elsewhere
    ModelBundle loaded = ModelBundle.load(dir.resolve("a"));
    Path copy = Files.createDirectories(dir.resolve("copy"));
    for (String f : new String[] {"model.json", "encoder.params", "decoder.params"}) {
      Files.copy(dir.resolve("a").resolve(f), copy.resolve(f));
    }
    // Then
    assertThat(saved.modelId()).matches("test-ps8-int8@[0-9a-f]{8}");
    assertThat(loaded.modelId()).isEqualTo(saved.modelId());
    assertThat(ModelBundle.load(copy).modelId()).isEqualTo(saved.modelId());
    assertThat(loaded.spec()).isEqualTo(SPEC);
  }

  @Test
  void shouldNameAModelAfterItsDesignDimsAndEncoding() {
    assertThat(
            ModelBundle.defaultName(
                "emnist", ModelSpec.emnist(Architecture.PIXEL_SHUFFLE_RESIDUAL, 32), Encoding.INT8))
        .isEqualTo("emnist-psres32-int8");
    assertThat(
            ModelBundle.defaultName(
                "emnist", ModelSpec.emnist(Architecture.LITE10, 32), Encoding.INT8))
        .isEqualTo("emnist-lite10-32-int8");
  }

  @Test
  void shouldGiveDifferentWeightsADifferentId() {
    ModelBundle one = saveRandom(dir.resolve("one"), 1);
    ModelBundle two = saveRandom(dir.resolve("two"), 2);
    assertThat(one.modelId()).isNotEqualTo(two.modelId());
  }

  @Test
  void shouldRefuseAnUnknownFormatVersion() throws IOException {
    saveRandom(dir.resolve("v"), 1);
    Path manifest = dir.resolve("v/model.json");
    Files.writeString(
        manifest,
        Files.readString(manifest).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
    assertThatThrownBy(() -> ModelBundle.load(dir.resolve("v")))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("format version 99")
        .hasMessageContaining("reads version 1");
  }

  @Test
  void shouldRefuseParametersThatDoNotMatchTheManifest() throws IOException {
    saveRandom(dir.resolve("t"), 1);
    Path params = dir.resolve("t/decoder.params");
    byte[] bytes = Files.readAllBytes(params);
    bytes[bytes.length - 1] ^= 1;
    Files.write(params, bytes);
    assertThatThrownBy(() -> ModelBundle.load(dir.resolve("t")))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("do not match model.json");
  }

  @Test
  void shouldSayWhichFileIsMissing() throws IOException {
    saveRandom(dir.resolve("m"), 1);
    Files.delete(dir.resolve("m/encoder.params"));
    assertThatThrownBy(() -> ModelBundle.load(dir.resolve("m")))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("missing encoder.params");
    assertThatThrownBy(() -> ModelBundle.load(dir.resolve("nowhere")))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("not a model bundle");
  }

  private static StaticLatentModel tables(int peak) {
    int[][] codes = new int[50][8];
    for (int[] row : codes) {
      Arrays.fill(row, peak);
    }
    return StaticLatentModel.fit(codes, 8, 256);
  }

  @Test
  void shouldCoverEntropyTablesInTheIdOnlyWhenTheBundleHasThem() throws IOException {
    // Given a bundle without tables
    ModelBundle plain = saveRandom(dir.resolve("plain"), 1);
    // When tables are added, to a copy and in place, and other tables to another copy
    ModelBundle coded = plain.withEntropyTables(tables(100), dir.resolve("coded"));
    ModelBundle other = plain.withEntropyTables(tables(101), dir.resolve("other"));
    ModelBundle reloadedPlain = ModelBundle.load(dir.resolve("plain"));
    // Then the bundle without tables keeps its id, each set of tables gives a new one
    assertThat(reloadedPlain.modelId()).isEqualTo(plain.modelId());
    assertThat(reloadedPlain.rangeCoder()).isEmpty();
    assertThat(coded.modelId()).startsWith("test-ps8-int8@").isNotEqualTo(plain.modelId());
    assertThat(other.modelId()).isNotEqualTo(coded.modelId()).isNotEqualTo(plain.modelId());
    assertThat(coded.requireRangeCoder().model()).isEqualTo(tables(100));
    assertThat(ModelBundle.load(dir.resolve("coded")).modelId()).isEqualTo(coded.modelId());
    // and removing the tables gives the old id back
    Files.delete(dir.resolve("coded").resolve(ModelBundle.ENTROPY_FILE));
    assertThatThrownBy(() -> ModelBundle.load(dir.resolve("coded")))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("do not match model.json");
  }

  @Test
  void shouldRefuseEntropyTablesThatDoNotMatchTheManifest() throws IOException {
    // Given a bundle with tables, then its tables swapped for other valid ones
    ModelBundle coded =
        saveRandom(dir.resolve("p"), 1).withEntropyTables(tables(3), dir.resolve("c"));
    Files.write(
        coded.directory().resolve(ModelBundle.ENTROPY_FILE), EntropyTablesFile.toBytes(tables(4)));
    // Then
    assertThatThrownBy(() -> ModelBundle.load(dir.resolve("c")))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("do not match model.json");
  }

  @Test
  void shouldRefuseEntropyTablesOfTheWrongShapeOrContent() throws IOException {
    ModelBundle plain = saveRandom(dir.resolve("s"), 1);
    int[][] fourDims = {{1, 2, 3, 4}};

    assertThatThrownBy(
            () ->
                plain.withEntropyTables(StaticLatentModel.fit(fourDims, 4, 256), dir.resolve("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 dims");
    Files.write(dir.resolve("s").resolve(ModelBundle.ENTROPY_FILE), new byte[] {'C', 'N'});
    assertThatThrownBy(() -> ModelBundle.load(dir.resolve("s")))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("unusable")
        .hasMessageContaining("entropy.bin");
  }

  @Test
  void shouldAskForTablesWhenABundleWithoutThemIsAskedToRangeCode() {
    ModelBundle plain = saveRandom(dir.resolve("n"), 1);

    assertThatThrownBy(plain::requireRangeCoder)
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("no entropy tables")
        .hasMessageContaining("fit-entropy");
  }

  @Test
  void shouldKeepThePreviousDefaultModelsId() {
    // Old messages name this id (the default until lite10 replaced it); the hash change for tables
    // must not move it.
    ModelBundle shipped = ModelBundle.load(Path.of("../models/psres32"));

    assertThat(shipped.modelId()).isEqualTo("emnist-psres32-int8@fe25cc5a");
    assertThat(shipped.rangeCoder()).isEmpty();
  }

  @Test
  void shouldRecordTheChannelsOfAnRgbModelAndLeaveGrayscaleFilesAsBefore() throws IOException {
    // Given an RGB bundle and a grayscale one
    ModelSpec rgbSpec = new ModelSpec(Architecture.LITE3, 16, 12, 8, 3);
    ModelBundle rgb =
        io.compressnet.codec.inference.UntrainedBundles.create(
            dir.resolve("rgb"), "rgb-lite3-8-int8", rgbSpec, "INT8");
    ModelBundle gray = saveRandom(dir.resolve("gray"), 3);
    // Then the RGB model's spec survives the files; model.json of a grayscale one has no field
    assertThat(ModelBundle.load(rgb.directory()).spec()).isEqualTo(rgbSpec);
    assertThat(Files.readString(rgb.directory().resolve("model.json")))
        .containsPattern("\"channels\"\\s*:\\s*3");
    assertThat(Files.readString(gray.directory().resolve("model.json"))).doesNotContain("channels");
    assertThat(gray.spec().channels()).isEqualTo(1);
  }

  @Test
  void shouldKeepTheShippedBundlesIds() {
    // Latents name the model that made them: a shipped bundle's id must not move, or a decoder
    // upgraded beside running encoders would dead-letter their latents. The previous default
    // (now models/lite10) predates colour.
    assertThat(ModelBundle.load(Path.of("../models/default")).modelId())
        .isEqualTo("emnist-lite10s-32-int8@be3bfc09");
    assertThat(ModelBundle.load(Path.of("../models/lite10")).modelId())
        .isEqualTo("emnist-lite10-32-int8@59125b7d");
  }
}
