package io.compressnet.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The registry child's watchdog, tested with a real child JVM and a stand-in application. */
class ParentWatchdogTest {

  @Test
  void shouldExitTheChildWhenItsParentIsKilled() throws Exception {
    // Given a child running an application under the watchdog of a separate "parent" process
    Process parent = new ProcessBuilder("sleep", "120").start();
    Process child = null;
    try {
      child = startChild(parent.pid());
      try (var out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        assertThat(out.readLine()).isEqualTo("running a b");
      }
      assertThat(child.isAlive()).isTrue();

      // When the parent dies without any chance to clean up
      parent.destroyForcibly().waitFor();

      // Then the child exits by itself, normally
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
    } finally {
      parent.destroyForcibly();
      if (child != null) {
        child.destroyForcibly();
      }
    }
  }

  @Test
  void shouldNotStartTheApplicationWhenTheParentIsAlreadyGone() throws Exception {
    Process parent = new ProcessBuilder("true").start();
    parent.waitFor();

    Process child = startChild(parent.pid());

    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(1);
    assertThat(new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .doesNotContain("running");
  }

  private static Process startChild(long parentPid) throws Exception {
    String classpath =
        String.join(
            File.pathSeparator, location(ParentWatchdog.class), location(BlockForever.class));
    return new ProcessBuilder(
            List.of(
                LocalRegistry.javaExecutable().toString(),
                "-cp",
                classpath,
                ParentWatchdog.class.getName(),
                String.valueOf(parentPid),
                BlockForever.class.getName(),
                "a",
                "b"))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
