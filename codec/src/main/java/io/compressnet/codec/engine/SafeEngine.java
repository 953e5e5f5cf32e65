package io.compressnet.codec.engine;

import io.compressnet.codec.model.ModelSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Makes sure training never runs on wrong gradients. Runs {@link GradientSelfCheck} and {@link
 * ModelGradientCheck}; if either fails and oneDNN is not yet limited to its safe kernels, the
 * current command is re-launched as a child process with {@code ONEDNN_MAX_CPU_ISA=SSE41} (an
 * environment variable only takes effect at process start). If the checks fail even then, it
 * refuses with a message that says what was measured.
 */
public final class SafeEngine {

  /** Set on the relaunched child so that it never relaunches again. */
  static final String RELAUNCHED_PROPERTY = "compressnet.safeEngine.relaunched";

  private SafeEngine() {}

  /**
   * Returns empty when this process may train; otherwise the exit code of the safe child that did
   * the work instead (the caller should exit with it).
   */
  public static OptionalInt ensureCorrectGradients(ModelSpec spec, Consumer<String> log) {
    GradientSelfCheck.Result stack = GradientSelfCheck.run();
    log.accept(stack.describe());
    ModelGradientCheck.Result model = stack.passed() ? ModelGradientCheck.run(spec) : null;
    if (model != null) {
      log.accept(model.describe());
    }
    if (stack.passed() && model.passed()) {
      return OptionalInt.empty();
    }
    boolean alreadySafe =
        GradientSelfCheck.SAFE_ISA.equalsIgnoreCase(System.getenv(GradientSelfCheck.ISA_ENV));
    if (alreadySafe || Boolean.getBoolean(RELAUNCHED_PROPERTY)) {
      throw new IllegalStateException(
          "refusing to train: this machine's PyTorch computes wrong convolution gradients even"
              + " with "
              + GradientSelfCheck.ISA_ENV
              + "="
              + System.getenv(GradientSelfCheck.ISA_ENV)
              + " ("
              + (model == null ? stack.describe() : model.describe())
              + ")");
    }
    log.accept(
        "wrong gradients on this machine's default oneDNN kernels: re-running with "
            + GradientSelfCheck.ISA_ENV
            + "="
            + GradientSelfCheck.SAFE_ISA
            + " (correct, but slower)");
    return OptionalInt.of(relaunchSafely());
  }

  private static int relaunchSafely() {
    ProcessHandle.Info self = ProcessHandle.current().info();
    String command =
        self.command().orElseThrow(() -> new IllegalStateException("cannot find own java binary"));
    String[] arguments =
        self.arguments().orElseThrow(() -> new IllegalStateException("cannot read own arguments"));
    List<String> line = new ArrayList<>();
    line.add(command);
    line.add("-D" + RELAUNCHED_PROPERTY + "=true");
    line.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(line).inheritIO();
    Map<String, String> env = builder.environment();
    env.put(GradientSelfCheck.ISA_ENV, GradientSelfCheck.SAFE_ISA);
    try {
      Process child = builder.start();
      Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
      return child.waitFor();
    } catch (IOException e) {
      throw new IllegalStateException("cannot re-launch with the safe oneDNN setting", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the safe child was training", e);
    }
  }
}
