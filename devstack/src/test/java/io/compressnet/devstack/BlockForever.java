package io.compressnet.devstack;

/** A stand-in application for {@link ParentWatchdogTest}: says it runs, then never returns. */
public final class BlockForever {
  private BlockForever() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("running " + String.join(" ", args));
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
