package io.compressnet.monitor.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.compressnet.monitor.MonitorStats;
import io.compressnet.monitor.MonitorSummary;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The monitor's web server: a live dashboard (plain HTML + JS drawing inline SVG charts, bundled in
 * the jar, polling the JSON API once a second), the JSON API ({@code /api/summary}, {@code
 * /api/windows}, {@code /api/alerts}, {@code /api/images}, PNGs under {@code /api/images/{id}/}),
 * and Prometheus at {@code /metrics}. It reads the in-process {@link MonitorStats} that the
 * topology feeds, so it shows exactly what this instance computed (with several instances, each
 * dashboard shows the models / partitions its instance owns; the topics hold everything).
 *
 * <p>Binds to 127.0.0.1 unless told otherwise. JSON numbers that are undefined (NaN: a window with
 * no scored image) are written as {@code null}.
 */
public final class DashboardServer implements AutoCloseable {
  private static final String ASSETS = "/io/compressnet/monitor/dashboard/";
  private static final Set<String> ASSET_NAMES = Set.of("app.js", "app.css");
  private static final int DEFAULT_SCALE = 3;

  private final MonitorStats stats;
  private final PrometheusMeterRegistry prometheus;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Double> thresholds;
  private final Javalin app;

  private DashboardServer(
      MonitorStats stats, PrometheusMeterRegistry prometheus, Map<String, Double> thresholds) {
    this.stats = stats;
    this.prometheus = prometheus;
    this.thresholds = Map.copyOf(thresholds);
    this.app =
        Javalin.create(config -> config.showJavalinBanner = false)
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
    DashboardServer server = new DashboardServer(stats, prometheus, thresholds);
    server.app.start(host, port);
    return server;
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
        .result(PngRenderer.render(pixels, pair.width(), pair.height(), scale));
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus.scrape());
  }

  private static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
