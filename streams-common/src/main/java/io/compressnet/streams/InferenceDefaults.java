package io.compressnet.streams;

/**
 * DJL settings a service needs before the PyTorch engine loads: nothing downloaded at run time, and
 * one intra-op thread per predictor (parallelism comes from the stream threads), unless the user
 * set them.
 */
public final class InferenceDefaults {
  private InferenceDefaults() {}

  public static void apply() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", "1");
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
