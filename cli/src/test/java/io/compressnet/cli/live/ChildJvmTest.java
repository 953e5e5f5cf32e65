package io.compressnet.cli.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

  @TempDir Path dir;

  private ChildJvm shell(String script) throws Exception {
    return ChildJvm.start(
        "child",
        List.of("sh", "-c", script),
        Map.of("PATH", "/usr/bin:/bin"),
        dir.resolve("c.log"));
  }

  @Test
  void shouldFailWithTheTailOfTheLogWhenAChildExitsEarly() throws Exception {
    // Given a child that prints a reason and exits before printing what we wait for
    try (ChildJvm child = shell("echo 'cannot load model: no such directory'; exit 3")) {
      // When we wait for its address line, then the error names it, its code and its last words
      assertThatThrownBy(
              () -> child.awaitOutput(Duration.ofSeconds(30), Pattern.compile("address = (\\S+)")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("child (pid ")
          .hasMessageContaining("exited early with code 3")
          .hasMessageContaining("cannot load model: no such directory");
    }
  }

  @Test
  void shouldParseWhatAChildPrints() throws Exception {
    try (ChildJvm child = shell("echo '  bootstrap.servers = 127.0.0.1:1234'; sleep 30")) {
      List<String> found =
          child.awaitOutput(
              Duration.ofSeconds(30), Pattern.compile("bootstrap\\.servers\\s+=\\s+(\\S+)"));

      assertThat(found).containsExactly("127.0.0.1:1234");
    }
  }

  @Test
  void shouldStopTheChildAndEveryProcessItStarted() throws Exception {
    // Given a child that started a grandchild which ignores SIGTERM
    ChildJvm child = shell("(trap '' TERM; sleep 300) & echo started; wait");
    child.awaitOutput(Duration.ofSeconds(30), Pattern.compile("(started)"));
    assertThat(child.liveDescendants()).isNotEmpty();

    // When it is closed
    child.close();

    // Then neither is left
    assertThat(child.allPids()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(child.allPids())
        .allSatisfy(
            pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("pid %d alive", pid)
                    .isFalse());
  }
}
