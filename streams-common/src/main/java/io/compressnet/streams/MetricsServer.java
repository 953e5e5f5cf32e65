package io.compressnet.streams;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny HTTP server exposing {@link ServiceMetrics#scrape()} at {@code GET /metrics} in the
 * Prometheus text format. Binds to the configured host, 127.0.0.1 by default. One daemon thread.
 */
public final class MetricsServer implements AutoCloseable {

  public static final String PATH = "/metrics";
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a server on {@code host:port} ({@code port} must be positive). */
  public static MetricsServer start(String host, int port, ServiceMetrics metrics) {
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("metrics port must be 1..65535, was " + port);
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the metrics endpoint to " + host + ":" + port, e);
    }
    server.createContext(PATH, exchange -> serve(exchange, metrics));
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "compressnet-metrics-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    LOG.info("Prometheus metrics at http://{}:{}{}", host, server.getAddress().getPort(), PATH);
    return new MetricsServer(server, executor);
  }

  /**
   * Starts the endpoint {@link ServiceConfig#METRICS_HOST}:{@link ServiceConfig#METRICS_PORT}, or
   * nothing when the port is 0 or unset.
   */
  public static Optional<MetricsServer> startIfEnabled(
      ServiceConfig config, ServiceMetrics metrics) {
    String port = config.get(ServiceConfig.METRICS_PORT);
    if (port == null || port.isBlank() || config.getInt(ServiceConfig.METRICS_PORT) == 0) {
      return Optional.empty();
    }
    return Optional.of(
        start(
            config.require(ServiceConfig.METRICS_HOST),
            config.getInt(ServiceConfig.METRICS_PORT),
            metrics));
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String host() {
    return server.getAddress().getHostString();
  }

  private static void serve(HttpExchange exchange, ServiceMetrics metrics) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
