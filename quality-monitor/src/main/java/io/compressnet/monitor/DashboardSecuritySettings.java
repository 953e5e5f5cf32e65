package io.compressnet.monitor;

import static io.compressnet.monitor.MonitorConfig.DASHBOARD_AUTH_PASSWORD;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_AUTH_USER;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_TLS_KEYSTORE;
import static io.compressnet.monitor.MonitorConfig.DASHBOARD_TLS_KEYSTORE_PASSWORD;

import io.compressnet.monitor.dashboard.DashboardSecurity;
import io.compressnet.streams.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Reads the dashboard's basic auth and TLS out of the monitor's settings: each off unless
 * configured. Half a setting is refused at load rather than served: a user without a password (or
 * the reverse) would leave the dashboard open while the operator believes it closed, and a key
 * store that is missing or has no password would only fail when the server starts. These rules span
 * keys; each key's own rule (the key store type) is checked by the loader ({@link MonitorKeys}).
 * Passwords never appear in the messages.
 */
final class DashboardSecuritySettings {

  private DashboardSecuritySettings() {}

  static DashboardSecurity read(ServiceConfig config) {
    return new DashboardSecurity(basicAuth(config), tls(config));
  }

  private static Optional<DashboardSecurity.BasicAuth> basicAuth(ServiceConfig config) {
    String user = MonitorKeys.optional(config, MonitorKeys.AUTH_USER);
    String password = blankToNull(config.get(DASHBOARD_AUTH_PASSWORD));
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

  private static Optional<DashboardSecurity.Tls> tls(ServiceConfig config) {
    String keyStore = MonitorKeys.optional(config, MonitorKeys.TLS_KEYSTORE);
    if (keyStore == null) {
      return Optional.empty();
    }
    Path file = Path.of(keyStore);
    if (!Files.isReadable(file)) {
      throw new ConfigException(
          DASHBOARD_TLS_KEYSTORE, keyStore, "does not exist or is not readable");
    }
    String password = blankToNull(config.get(DASHBOARD_TLS_KEYSTORE_PASSWORD));
    if (password == null) {
      throw new ConfigException(
          DASHBOARD_TLS_KEYSTORE_PASSWORD, null, "must be set with " + DASHBOARD_TLS_KEYSTORE);
    }
    // PKCS12 or JKS in any case: checked by the key when loaded.
    String type =
        MonitorKeys.required(config, MonitorKeys.TLS_KEYSTORE_TYPE).toUpperCase(Locale.ROOT);
    return Optional.of(new DashboardSecurity.Tls(file, password, type));
  }

  /** Passwords are kept as given (not trimmed): a space may be part of one. */
  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
