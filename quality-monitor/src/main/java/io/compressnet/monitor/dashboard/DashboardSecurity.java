package io.compressnet.monitor.dashboard;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What protects the dashboard when it is bound beyond 127.0.0.1: HTTP basic auth on every path (the
 * page, the JSON API, the PNGs and {@code /metrics}, which Prometheus scrapes with {@code
 * basic_auth}), and TLS from a key store. Both off by default: on the loopback address only local
 * users reach it.
 *
 * @param basicAuth user and password every request must carry, if any
 * @param tls the key store to serve HTTPS from, if any
 */
public record DashboardSecurity(Optional<BasicAuth> basicAuth, Optional<Tls> tls) {

  public DashboardSecurity {
    Objects.requireNonNull(basicAuth, "basicAuth");
    Objects.requireNonNull(tls, "tls");
  }

  /** Plain HTTP, no authentication: the default. */
  public static DashboardSecurity none() {
    return new DashboardSecurity(Optional.empty(), Optional.empty());
  }

  /** Whether anything is required of a client. */
  public boolean isOff() {
    return basicAuth.isEmpty() && tls.isEmpty();
  }

  /** The credentials of HTTP basic auth. {@link #toString()} hides the password. */
  public record BasicAuth(String user, String password) {
    public BasicAuth {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "BasicAuth[user=" + user + ", password=****]";
    }
  }

  /**
   * A key store holding the server's private key and certificate chain. {@link #toString()} hides
   * the password.
   *
   * @param keyStore the file ({@code PKCS12} or {@code JKS})
   * @param password the key store's password, also used for the key
   * @param type {@code PKCS12} or {@code JKS}
   */
  public record Tls(Path keyStore, String password, String type) {
    public Tls {
      Objects.requireNonNull(keyStore, "keyStore");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
      return "Tls[keyStore=" + keyStore + ", type=" + type + ", password=****]";
    }
  }
}
