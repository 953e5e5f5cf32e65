package io.compressnet.streams;

/**
 * DJL settings every command that runs a network needs before the PyTorch engine loads: nothing
 * downloaded at run time, and by default one intra-op thread per forward pass (parallelism comes
 * from the stream threads), unless the user set the system properties. The one place these are set:
 * a caller that set them earlier would turn a service's {@code compressnet.inference.threads} into
 * a no-op, since only the first value reaches the engine.
 */
public final class InferenceDefaults {
  private InferenceDefaults() {}

  public static void apply() {
    apply(1);
  }

  /**
   * As {@link #apply()} with {@code intraOpThreads} PyTorch threads per forward pass: more than one
   * helps when a machine has more cores than stream threads (e.g. one stream thread on 2 cores).
   */
  public static void apply(int intraOpThreads) {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("inference threads must be >= 1, was " + intraOpThreads);
    }
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(intraOpThreads));
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
