package io.compressnet.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.UntrainedBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

  @Test
  void shouldRescanForUnknownIdsAtMostOncePerInterval(@TempDir Path models) throws Exception {
    // Given
    ModelBundle first = UntrainedBundles.create(models.resolve("one"), "one", 8, "INT8");
    Files.createDirectories(models.resolve("not-a-bundle"));
    AtomicLong now = new AtomicLong();
    ModelCatalog catalog = new ModelCatalog(models, Duration.ofSeconds(10), now::get);

    // When: many lookups of an unknown id within the interval
    for (int i = 0; i < 100; i++) {
      assertThat(catalog.find("nope@00000000")).isEmpty();
    }
    int scansWithinInterval = catalog.scans();
    ModelBundle second = UntrainedBundles.create(models.resolve("two"), "two", 8, "INT8");
    boolean foundBeforeInterval = catalog.find(second.modelId()).isPresent();
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    boolean foundAfterInterval = catalog.find(second.modelId()).isPresent();

    // Then
    assertThat(scansWithinInterval).isEqualTo(1); // the initial scan only
    assertThat(foundBeforeInterval).isFalse();
    assertThat(foundAfterInterval).isTrue();
    assertThat(catalog.knownIds()).containsExactlyInAnyOrder(first.modelId(), second.modelId());
    assertThat(catalog.find(first.modelId()).orElseThrow().directory())
        .isEqualTo(models.resolve("one"));
  }

  @Test
  void shouldSkipABundleWhoseParametersDoNotMatchItsManifest(@TempDir Path models)
      throws Exception {
    // Given: a bundle being copied (its weights changed after model.json was written)
    ModelBundle good = UntrainedBundles.create(models.resolve("good"), "good", 8, "INT8");
    ModelBundle broken = UntrainedBundles.create(models.resolve("broken"), "broken", 8, "INT8");
    Files.write(models.resolve("broken").resolve(ModelBundle.DECODER_FILE), new byte[] {1, 2});

    // When
    ModelCatalog catalog = ModelCatalog.open(models, Duration.ZERO);

    // Then
    assertThat(catalog.knownIds()).containsExactly(good.modelId());
    assertThat(catalog.find(broken.modelId())).isEmpty();
  }
}
