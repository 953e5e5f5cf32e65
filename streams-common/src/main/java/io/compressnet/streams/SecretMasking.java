package io.compressnet.streams;

import java.util.regex.Pattern;

/** How a setting is shown in logs and {@code --help}: secrets hidden, URL credentials removed. */
final class SecretMasking {

  static final String HIDDEN = "[hidden]";

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "password|secret|jaas|user\\.info|credentials|token", Pattern.CASE_INSENSITIVE);
  private static final Pattern URL_CREDENTIALS =
      Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s,]+@");

  private SecretMasking() {}

  static String mask(String property, String value) {
    if (value == null) {
      return null;
    }
    if (SECRET_KEY.matcher(property).find()) {
      return HIDDEN;
    }
    return URL_CREDENTIALS.matcher(value).replaceAll("$1" + HIDDEN + "@");
  }
}
