package io.compressnet.monitor.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.compressnet.monitor.MonitorStats;
import io.compressnet.monitor.MonitorSummary;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.security.BasicAuthCredentials;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The monitor's web server: a live dashboard (plain HTML + JS drawing inline SVG charts, bundled in
 * the jar, polling the JSON API once a second), the JSON API ({@code /api/summary}, {@code
 * /api/windows}, {@code /api/alerts}, {@code /api/images}, PNGs under {@code /api/images/{id}/}),
 * and Prometheus at {@code /metrics}. It reads the in-process {@link MonitorStats} that the
 * topology feeds, so it shows exactly what this instance computed (with several instances, each
 * dashboard shows the models / partitions its instance owns; the topics hold everything).
 *
 * <p>Binds to 127.0.0.1 unless told otherwise; when bound beyond it, {@link DashboardSecurity} adds
 * basic auth on every path and HTTPS. JSON numbers that are undefined (NaN: a window with no scored
 * image) are written as {@code null}.
 */
public final class DashboardServer implements AutoCloseable {
  private static final String ASSETS = "/io/compressnet/monitor/dashboard/";
  private static final Set<String> ASSET_NAMES = Set.of("app.js", "app.css");
  private static final int DEFAULT_SCALE = 3;

  private final MonitorStats stats;
  private final PrometheusMeterRegistry prometheus;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Double> thresholds;
  private final DashboardSecurity security;
  private final Javalin app;

  private DashboardServer(
      MonitorStats stats,
      PrometheusMeterRegistry prometheus,
      Map<String, Double> thresholds,
      DashboardSecurity security,
      String host,
      int port) {
    this.stats = stats;
    this.prometheus = prometheus;
    this.thresholds = Map.copyOf(thresholds);
    this.security = security;
    this.app =
        Javalin.create(config -> configure(config, security, host, port))
            .before(this::authenticate)
            .get("/", ctx -> asset(ctx, "index.html", "text/html; charset=utf-8"))
            .get("/assets/{name}", this::asset)
            .get("/api/summary", ctx -> json(ctx, summary()))
            .get("/api/windows", this::windows)
            .get("/api/alerts", ctx -> json(ctx, alerts()))
            .get("/api/images", ctx -> json(ctx, images()))
            .get("/api/images/{id}/{which}", this::png)
            .get("/metrics", this::metrics);
  }

  /**
   * Starts the server on {@code host:port} (port 0 = any free port). {@code thresholds} are drawn
   * on the charts: keys {@code ssimMin}, {@code psnrMin}, {@code missingMax}.
   */
  public static DashboardServer start(
      MonitorStats stats,
      PrometheusMeterRegistry prometheus,
      Map<String, Double> thresholds,
      String host,
      int port) {
    return start(stats, prometheus, thresholds, host, port, DashboardSecurity.none());
  }

  /** As {@link #start(MonitorStats, PrometheusMeterRegistry, Map, String, int)}, secured. */
  public static DashboardServer start(
      MonitorStats stats,
      PrometheusMeterRegistry prometheus,
      Map<String, Double> thresholds,
      String host,
      int port,
      DashboardSecurity security) {
    DashboardServer server =
        new DashboardServer(stats, prometheus, thresholds, security, host, port);
    if (security.tls().isPresent()) {
      server.app.start(); // the HTTPS connector carries the host and port
    } else {
      server.app.start(host, port);
    }
    return server;
  }

  /** Whether it serves HTTPS. */
  public boolean isHttps() {
    return security.tls().isPresent();
  }

  private static void configure(
      JavalinConfig config, DashboardSecurity security, String host, int port) {
    config.showJavalinBanner = false;
    security
        .tls()
        .ifPresent(
            tls ->
                config.jetty.addConnector(
                    (server, http) -> httpsConnector(server, http, tls, host, port)));
  }

  private static Connector httpsConnector(
      Server server, HttpConfiguration http, DashboardSecurity.Tls tls, String host, int port) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(tls.keyStore().toString());
    ssl.setKeyStorePassword(tls.password());
    ssl.setKeyStoreType(tls.type());
    HttpConfiguration https = new HttpConfiguration(http);
    // No SNI host check: users reach a dashboard by IP address as often as by name.
    https.addCustomizer(new SecureRequestCustomizer(false));
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  /** Basic auth on every path when configured; constant-time comparison of both parts. */
  private void authenticate(Context ctx) {
    if (security.basicAuth().isEmpty()) {
      return;
    }
    DashboardSecurity.BasicAuth expected = security.basicAuth().get();
    BasicAuthCredentials given = ctx.basicAuthCredentials();
    // Both parts compared every time (non-short-circuit &), so timing does not tell which failed.
    boolean ok =
        given != null
            && (sameBytes(given.getUsername(), expected.user())
                & sameBytes(given.getPassword(), expected.password()));
    if (!ok) {
      ctx.header("WWW-Authenticate", "Basic realm=\"compressnet dashboard\", charset=\"UTF-8\"");
      throw new UnauthorizedResponse();
    }
  }

  private static boolean sameBytes(String given, String expected) {
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  /** The bound port. */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  private void asset(Context ctx) {
    String name = ctx.pathParam("name");
    if (!ASSET_NAMES.contains(name)) {
      ctx.status(HttpStatus.NOT_FOUND).result("no such asset");
      return;
    }
    asset(
        ctx,
        name,
        name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
  }

  private static void asset(Context ctx, String name, String type) {
    try (InputStream in = DashboardServer.class.getResourceAsStream(ASSETS + name)) {
      if (in == null) {
        ctx.status(HttpStatus.NOT_FOUND).result("missing asset " + name);
        return;
      }
      ctx.contentType(type).header("Cache-Control", "no-cache").result(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void json(Context ctx, Object body) throws JsonProcessingException {
    ctx.contentType("application/json")
        .header("Cache-Control", "no-store")
        .result(json.writeValueAsString(body));
  }

  private Map<String, Object> summary() {
    MonitorSummary s = stats.summary();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", s.count());
    out.put("meanSsim", num(s.meanSsim()));
    out.put("minSsim", num(s.minSsim()));
    out.put("meanMse", num(s.meanMse()));
    out.put("aggregatePsnr", num(s.aggregatePsnr()));
    out.put("meanPsnr", num(s.meanPsnr()));
    out.put("latencyP50Ms", num(s.latencyP50Ms()));
    out.put("latencyP99Ms", num(s.latencyP99Ms()));
    out.put("compressionRatio", num(s.compressionRatio()));
    out.put("meanLatentBytes", num(s.meanLatentBytes()));
    out.put("missing", s.missing());
    out.put("orphans", s.orphans());
    out.put("late", s.late());
    out.put("deadLetters", s.deadLetters());
    out.put("sampledOut", s.sampledOut());
    out.put("tombstones", s.tombstones());
    Map<String, Object> models = new LinkedHashMap<>();
    s.perModel().forEach((m, w) -> models.put(m, window(w)));
    out.put("models", models);
    out.put("firing", s.firing());
    out.put("thresholds", thresholds);
    return out;
  }

  private void windows(Context ctx) throws JsonProcessingException {
    String only = ctx.queryParam("model");
    List<Map<String, Object>> models = new ArrayList<>();
    for (String model : stats.models()) {
      if (only != null && !only.equals(model)) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("modelId", model);
      m.put("time", stats.windows(model, "time").stream().map(DashboardServer::window).toList());
      m.put("count", stats.windows(model, "count").stream().map(DashboardServer::window).toList());
      models.add(m);
    }
    json(ctx, Map.of("models", models));
  }

  static Map<String, Object> window(QualityWindow w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("modelId", w.getModelId());
    m.put("kind", w.getKind());
    m.put("windowStart", w.getWindowStart().toEpochMilli());
    m.put("windowEnd", w.getWindowEnd().toEpochMilli());
    m.put("count", w.getCount());
    m.put("missing", w.getMissing());
    m.put("meanMse", num(w.getMeanMse()));
    m.put("meanSsim", num(w.getMeanSsim()));
    m.put("minSsim", num(w.getMinSsim()));
    m.put("p05Ssim", num(w.getP05Ssim()));
    m.put("meanPsnr", num(w.getMeanPsnr()));
    m.put("aggregatePsnr", num(w.getAggregatePsnr()));
    m.put("latencyP50Ms", num(w.getLatencyP50Ms()));
    m.put("latencyP99Ms", num(w.getLatencyP99Ms()));
    m.put("compressionRatio", num(w.getCompressionRatio()));
    m.put("meanLatentBytes", num(w.getMeanLatentBytes()));
    return m;
  }

  private List<Map<String, Object>> alerts() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (QualityAlert a : stats.alerts()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("modelId", a.getModelId());
      m.put("rule", a.getRule());
      m.put("state", a.getState().name());
      m.put("metric", a.getMetric());
      m.put("value", num(a.getValue()));
      m.put("threshold", a.getThreshold());
      m.put("windowStart", a.getWindowStart().toEpochMilli());
      m.put("windowEnd", a.getWindowEnd().toEpochMilli());
      m.put("raisedAt", a.getRaisedAt().toEpochMilli());
      m.put("message", a.getMessage());
      out.add(m);
    }
    return out;
  }

  private List<Map<String, Object>> images() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (MonitorStats.ScoredPair p : stats.images()) {
      ImageQuality q = p.quality();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", q.getId());
      m.put("source", q.getSource());
      m.put("modelId", q.getModelId());
      m.put("capturedAt", q.getCapturedAt().toEpochMilli());
      m.put("width", p.width());
      m.put("height", p.height());
      m.put("channels", p.channels());
      m.put("mse", num(q.getMse()));
      m.put("ssim", num(q.getSsim()));
      m.put("psnr", num(q.getPsnr()));
      m.put("rawBytes", q.getRawBytes());
      m.put("latentBytes", q.getLatentBytes());
      m.put("latencyMs", q.getLatencyMs());
      out.add(m);
    }
    return out;
  }

  private void png(Context ctx) {
    MonitorStats.ScoredPair pair = stats.image(ctx.pathParam("id"));
    String which = ctx.pathParam("which");
    if (pair == null || !(which.equals("original.png") || which.equals("reconstructed.png"))) {
      ctx.status(HttpStatus.NOT_FOUND).result("no such image (only the most recent are kept)");
      return;
    }
    int scale = DEFAULT_SCALE;
    String asked = ctx.queryParam("scale");
    if (asked != null) {
      try {
        scale = Integer.parseInt(asked);
      } catch (NumberFormatException e) {
        scale = -1;
      }
      if (scale < 1 || scale > 16) {
        ctx.status(HttpStatus.BAD_REQUEST).result("scale must be 1..16");
        return;
      }
    }
    byte[] pixels = which.equals("original.png") ? pair.original() : pair.reconstructed();
    ctx.contentType("image/png")
        .header("Cache-Control", "max-age=3600")
        .result(PngRenderer.render(pixels, pair.width(), pair.height(), pair.channels(), scale));
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus.scrape());
  }

  private static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
