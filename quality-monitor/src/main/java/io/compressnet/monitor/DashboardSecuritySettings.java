package io.compressnet.monitor;

import static io.compressnet.monitor.MonitorConfig.DASHBOARD_AUTH_PASSWORD;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_AUTH_USER;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_TLS_KEYSTORE;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_TLS_KEYSTORE_PASSWORD;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_TLS_KEYSTORE_TYPE;

import io.compressnet.monitor.dashboard.DashboardSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Reads the dashboard's basic auth and TLS out of the monitor's settings: each off unless
 * configured. Half a setting is refused at load rather than served: a user without a password (or
 * the reverse) would leave the dashboard open while the operator believes it closed, and a key
 * store that is missing or has no password would only fail when the server starts. Passwords never
 * appear in the messages.
 */
final class DashboardSecuritySettings {

  private DashboardSecuritySettings() {}

  static DashboardSecurity read(ConfigReader read) {
    return new DashboardSecurity(basicAuth(read), tls(read));
  }

  private static Optional<DashboardSecurity.BasicAuth> basicAuth(ConfigReader read) {
    String user = read.optional(DASHBOARD_AUTH_USER);
    String password = blankToNull(read.raw(DASHBOARD_AUTH_PASSWORD));
    if (user == null && password == null) {
      return Optional.empty();
    }
    if (user == null) {
      throw new ConfigException(
          DASHBOARD_AUTH_USER, null, "must be set together with " + DASHBOARD_AUTH_PASSWORD);
    }
    if (password == null) {
      throw new ConfigException(
          DASHBOARD_AUTH_PASSWORD, null, "must be set together with " + DASHBOARD_AUTH_USER);
    }
    return Optional.of(new DashboardSecurity.BasicAuth(user, password));
  }

  private static Optional<DashboardSecurity.Tls> tls(ConfigReader read) {
    String keyStore = read.optional(DASHBOARD_TLS_KEYSTORE);
    if (keyStore == null) {
      return Optional.empty();
    }
    Path file = Path.of(keyStore);
    if (!Files.isReadable(file)) {
      throw new ConfigException(
          DASHBOARD_TLS_KEYSTORE, keyStore, "does not exist or is not readable");
    }
    String password = blankToNull(read.raw(DASHBOARD_TLS_KEYSTORE_PASSWORD));
    if (password == null) {
      throw new ConfigException(
          DASHBOARD_TLS_KEYSTORE_PASSWORD, null, "must be set with " + DASHBOARD_TLS_KEYSTORE);
    }
    String type = read.text(DASHBOARD_TLS_KEYSTORE_TYPE).toUpperCase(Locale.ROOT);
    if (!type.equals("PKCS12") && !type.equals("JKS")) {
      throw new ConfigException(DASHBOARD_TLS_KEYSTORE_TYPE, type, "must be PKCS12 or JKS");
    }
    return Optional.of(new DashboardSecurity.Tls(file, password, type));
  }

  /** Passwords are kept as given (not trimmed): a space may be part of one. */
  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
