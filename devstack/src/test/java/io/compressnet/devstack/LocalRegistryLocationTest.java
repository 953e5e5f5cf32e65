package io.compressnet.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link LocalRegistry} finds the unpacked Apicurio distribution; no process is started. */
class LocalRegistryLocationTest {

  @TempDir Path root;

  @Test
  void shouldFindTheBuildOutputInAParentOfTheWorkingDirectory() throws IOException {
    Path dist = fakeDistribution(root.resolve("devstack/target/apicurio"), "app-1.0-runner.jar");
    Path workingDir = Files.createDirectories(root.resolve("trainer/src/main"));

    assertThat(LocalRegistry.locateHome(null, null, workingDir)).isEqualTo(dist);
  }

  @Test
  void shouldPreferTheSystemPropertyOverTheEnvironmentAndTheSearch() throws IOException {
    Path byProperty = fakeDistribution(root.resolve("p"), "x-runner.jar");
    Path byEnv = fakeDistribution(root.resolve("e"), "x-runner.jar");
    fakeDistribution(root.resolve("devstack/target/apicurio"), "x-runner.jar");

    assertThat(LocalRegistry.locateHome(byProperty.toString(), byEnv.toString(), root))
        .isEqualTo(byProperty);
    assertThat(LocalRegistry.locateHome(null, byEnv.toString(), root)).isEqualTo(byEnv);
  }

  @Test
  void shouldAcceptTheQuarkusFastJarLayout() throws IOException {
    Path dist = root.resolve("fast");
    fakeDistribution(dist.resolve("quarkus-app"), "quarkus-run.jar");

    assertThat(LocalRegistry.findRunnerJar(dist))
        .contains(dist.resolve("quarkus-app/quarkus-run.jar"));
  }

  @Test
  void shouldExplainHowToBuildTheDistributionWhenItIsMissing() {
    assertThatThrownBy(() -> LocalRegistry.locateHome(null, null, root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mvn -pl devstack package")
        .hasMessageContaining(LocalRegistry.HOME_ENV)
        .hasMessageContaining(root.toString());
  }

  @Test
  void shouldRejectAConfiguredDirectoryWithoutARunnerJar() throws IOException {
    Path empty = Files.createDirectories(root.resolve("empty"));

    assertThatThrownBy(() -> LocalRegistry.locateHome(empty.toString(), null, root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(LocalRegistry.HOME_PROPERTY)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("mvn -pl devstack package");
  }

  private static Path fakeDistribution(Path dir, String jarName) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(jarName), new byte[] {0x50, 0x4b});
    return dir;
  }
}
