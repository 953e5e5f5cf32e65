package io.compressnet.cli.live;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A restart of services in the middle of a {@code bench live} run, to measure recovery: at {@code
 * atSecond} of the measured phase the services are stopped (SIGKILL, or SIGTERM and a wait for a
 * clean exit) and started again at once with the same settings and state directory, as an
 * operator's supervisor would.
 *
 * @param services which of encoder, decoder and monitor
 * @param kill SIGKILL (a crash) rather than SIGTERM (a clean rolling restart)
 * @param atSecond seconds into the measured phase
 */
public record Restart(List<String> services, boolean kill, int atSecond) {
  private static final Set<String> SERVICES = Set.of("encoder", "decoder", "monitor");

  public Restart {
    services = List.copyOf(services);
    if (services.isEmpty() || !SERVICES.containsAll(services)) {
      throw new IllegalArgumentException(
          "restart services must be among " + SERVICES + ", got " + services);
    }
    if (atSecond < 0) {
      throw new IllegalArgumentException("restart second must be >= 0, got " + atSecond);
    }
  }

  /**
   * Parses {@code SERVICES:kill|term@SECONDS}, e.g. {@code encoder:kill@30}, {@code all:term@20}.
   */
  public static Restart parse(String spec) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    int at = s.indexOf('@');
    if (colon < 0 || at < colon) {
      throw new IllegalArgumentException(
          "restart '" + spec + "' is not SERVICES:kill|term@SECONDS, e.g. encoder:kill@30");
    }
    String names = s.substring(0, colon);
    String signal = s.substring(colon + 1, at);
    if (!signal.equals("kill") && !signal.equals("term")) {
      throw new IllegalArgumentException(
          "restart signal must be kill or term, got '" + signal + "' in '" + spec + "'");
    }
    int second;
    try {
      second = Integer.parseInt(s.substring(at + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("restart second is not a number in '" + spec + "'", e);
    }
    List<String> services =
        names.equals("all") ? List.of("encoder", "decoder", "monitor") : List.of(names.split(","));
    return new Restart(services, signal.equals("kill"), second);
  }

  @Override
  public String toString() {
    return String.join(",", services) + ":" + (kill ? "kill" : "term") + "@" + atSecond;
  }
}
