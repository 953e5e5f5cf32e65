package io.compressnet.cli;

/**
 * DJL reads these once, when the PyTorch engine loads: every command that uses a network calls
 * {@link #apply} before its first DJL call.
 */
final class DjlSettings {

  private DjlSettings() {}

  static void apply(int threads) {
    // Never download anything at run time: the native library ships in the jar.
    System.setProperty("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, threads)));
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
