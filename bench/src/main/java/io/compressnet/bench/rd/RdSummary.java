package io.compressnet.bench.rd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * "Where the curves cross", computed from the measured points. All comparisons use aggregate PSNR
 * and mean bytes per image, and only per-message points (a batch-level figure is not what one
 * message costs).
 *
 * <ul>
 *   <li><b>Reach</b>: per series, the fewest bytes at which a measured setting reaches the PSNR.
 *   <li><b>Small-message target</b>: the best CompressNet point at {@code <= 32} bytes reaches 24.5
 *       dB.
 *   <li><b>Versus WebP</b>: the best CompressNet point at {@code <= 140} bytes (b bytes, p dB)
 *       against WebP's best at the same or more bytes: the best WebP lossy setting whose bytes are
 *       {@code >= b} and at most the 140-byte budget (or, when WebP cannot get that small, its
 *       cheapest setting above b). CompressNet wins if p is higher. Also: the fewest bytes WebP
 *       needs to reach p.
 *   <li><b>Crossings</b>: for each other lossy series, the cheapest setting that beats every
 *       CompressNet point of the same or fewer bytes.
 * </ul>
 *
 * <p>Every CompressNet row is a candidate, including rows measured with encoder refinement (series
 * ending in {@value RefinedRows#SERIES_SUFFIX}); the lines name the row that is chosen and, when it
 * is a refined one, also give the best row without refinement.
 */
public final class RdSummary {

  public static final double TARGET_PSNR_DB = 24.5;
  public static final double TARGET_BYTES = 32;
  public static final double WEBP_BUDGET_BYTES = 140;
  public static final String COMPRESSNET = "CompressNet";
  public static final String WEBP_LOSSY = "WebP lossy";

  private static final Comparator<RdPoint> CHEAPEST =
      Comparator.comparingDouble(RdPoint::bytesPerImage);
  private static final Comparator<RdPoint> BEST =
      Comparator.comparingDouble(RdPoint::aggregatePsnr)
          .thenComparing(CHEAPEST.reversed()); // ties: fewer bytes wins

  /** Fewest bytes at which {@code series} reaches {@code db} (empty if it never does). */
  public record Reach(String series, Optional<RdPoint> point) {}

  /** The best CompressNet point within the budget against WebP at the same or more bytes. */
  public record Versus(
      RdPoint compressNet, Optional<RdPoint> webp, Optional<RdPoint> webpToMatch, boolean wins) {}

  /** The cheapest point of {@code series} beating every CompressNet point of <= its bytes. */
  public record Crossing(
      String series, Optional<RdPoint> overtakes, Optional<RdPoint> compressNet) {}

  private RdSummary() {}

  public static List<Reach> reach(List<RdPoint> points, double db) {
    List<Reach> out = new ArrayList<>();
    for (String series : seriesOf(points)) {
      out.add(
          new Reach(
              series,
              perMessage(points)
                  .filter(p -> p.series().equals(series) && p.aggregatePsnr() >= db)
                  .min(CHEAPEST)));
    }
    return out;
  }

  /** The highest-PSNR per-message point passing {@code filter} with at most {@code bytes}. */
  public static Optional<RdPoint> best(
      List<RdPoint> points, Predicate<RdPoint> filter, double bytes) {
    return perMessage(points).filter(filter).filter(p -> p.bytesPerImage() <= bytes).max(BEST);
  }

  /** The small-message target: the best CompressNet point at <= 32 bytes, if any. */
  public static Optional<RdPoint> smallMessageBest(List<RdPoint> points) {
    return best(points, RdSummary::isCompressNet, TARGET_BYTES);
  }

  public static Optional<Versus> versusWebP(List<RdPoint> points, double budget) {
    Optional<RdPoint> cn = best(points, RdSummary::isCompressNet, budget);
    if (cn.isEmpty()) {
      return Optional.empty();
    }
    double b = cn.get().bytesPerImage();
    List<RdPoint> webpAbove =
        perMessage(points)
            .filter(p -> p.series().equals(WEBP_LOSSY) && p.bytesPerImage() >= b)
            .toList();
    Optional<RdPoint> cheapestAbove = webpAbove.stream().min(CHEAPEST);
    double limit = Math.max(budget, cheapestAbove.map(RdPoint::bytesPerImage).orElse(budget));
    Optional<RdPoint> webp = webpAbove.stream().filter(p -> p.bytesPerImage() <= limit).max(BEST);
    Optional<RdPoint> toMatch =
        perMessage(points)
            .filter(
                p -> p.series().equals(WEBP_LOSSY) && p.aggregatePsnr() >= cn.get().aggregatePsnr())
            .min(CHEAPEST);
    boolean wins = webp.isPresent() && cn.get().aggregatePsnr() > webp.get().aggregatePsnr();
    return Optional.of(new Versus(cn.get(), webp, toMatch, wins));
  }

  public static List<Crossing> crossings(List<RdPoint> points) {
    List<Crossing> out = new ArrayList<>();
    for (String series : seriesOf(points)) {
      List<RdPoint> curve =
          perMessage(points)
              .filter(p -> p.series().equals(series) && !p.lossless() && !isCompressNet(p))
              .sorted(CHEAPEST)
              .toList();
      if (curve.isEmpty()) {
        continue;
      }
      Optional<RdPoint> overtakes = Optional.empty();
      Optional<RdPoint> rival = Optional.empty();
      for (RdPoint p : curve) {
        Optional<RdPoint> cn = best(points, RdSummary::isCompressNet, p.bytesPerImage());
        if (cn.isEmpty() || p.aggregatePsnr() > cn.get().aggregatePsnr()) {
          overtakes = Optional.of(p);
          rival = cn;
          break;
        }
      }
      out.add(new Crossing(series, overtakes, rival));
    }
    return out;
  }

  static boolean isCompressNet(RdPoint p) {
    return p.family().equals(COMPRESSNET);
  }

  /** Whether {@code p} was measured with encoder-side latent refinement. */
  static boolean isRefined(RdPoint p) {
    return p.series().endsWith(RefinedRows.SERIES_SUFFIX);
  }

  /**
   * When {@code chosen} is a refined row: the best CompressNet row without refinement at {@code <=
   * bytes}, as a sentence to append; otherwise empty.
   */
  private static String withoutRefinement(List<RdPoint> points, RdPoint chosen, double bytes) {
    if (!isRefined(chosen)) {
      return "";
    }
    return best(points, p -> isCompressNet(p) && !isRefined(p), bytes)
        .map(p -> " Without encoder refinement: " + describe(p) + ".")
        .orElse(" Without encoder refinement: no CompressNet point.");
  }

  private static java.util.stream.Stream<RdPoint> perMessage(List<RdPoint> points) {
    return points.stream().filter(RdPoint::perMessage);
  }

  private static Set<String> seriesOf(List<RdPoint> points) {
    Set<String> series = new LinkedHashSet<>();
    points.stream().filter(RdPoint::perMessage).forEach(p -> series.add(p.series()));
    return series;
  }

  /** The summary as Markdown bullets. */
  public static List<String> lines(List<RdPoint> points) {
    List<String> lines = new ArrayList<>();
    Optional<RdPoint> small = smallMessageBest(points);
    lines.add(
        small
            .map(
                p ->
                    String.format(
                        Locale.ROOT,
                        "**Target: >= %.1f dB at <= %.0f bytes/image: %s.** Best CompressNet point"
                            + " at <= %.0f bytes: %s.%s",
                        TARGET_PSNR_DB,
                        TARGET_BYTES,
                        p.aggregatePsnr() >= TARGET_PSNR_DB ? "met" : "NOT met",
                        TARGET_BYTES,
                        describe(p),
                        withoutRefinement(points, p, TARGET_BYTES)))
            .orElse(
                String.format(
                    Locale.ROOT,
                    "**Target: >= %.1f dB at <= %.0f bytes/image: not measured** (no CompressNet"
                        + " point at <= %.0f bytes).",
                    TARGET_PSNR_DB,
                    TARGET_BYTES,
                    TARGET_BYTES)));
    Optional<Versus> versus = versusWebP(points, WEBP_BUDGET_BYTES);
    if (versus.isPresent()) {
      Versus v = versus.get();
      lines.add(
          String.format(
              Locale.ROOT,
              "**Target: at <= %.0f bytes above WebP's best at the same or more bytes: %s.**"
                  + " %s, against %s.%s%s",
              WEBP_BUDGET_BYTES,
              v.webp().isEmpty() ? "not measured" : v.wins() ? "met" : "NOT met",
              describe(v.compressNet()),
              v.webp().map(RdSummary::describe).orElse("(no WebP point at >= those bytes)"),
              v.webpToMatch()
                  .map(
                      m ->
                          String.format(
                              Locale.ROOT,
                              " WebP needs %.1f bytes (%s) to match its PSNR, %.1fx as many.",
                              m.bytesPerImage(),
                              m.setting(),
                              m.bytesPerImage() / v.compressNet().bytesPerImage()))
                  .orElse(" No WebP setting measured reaches its PSNR."),
              withoutRefinement(points, v.compressNet(), WEBP_BUDGET_BYTES)));
    } else {
      lines.add(
          String.format(
              Locale.ROOT,
              "**Target: at <= %.0f bytes above WebP: not measured** (no CompressNet point).",
              WEBP_BUDGET_BYTES));
    }
    StringBuilder reach =
        new StringBuilder(
            String.format(Locale.ROOT, "Fewest bytes/image reaching %.1f dB: ", TARGET_PSNR_DB));
    List<String> parts = new ArrayList<>();
    for (Reach r : reach(points, TARGET_PSNR_DB)) {
      parts.add(
          r.point()
              .map(
                  p ->
                      String.format(
                          Locale.ROOT,
                          "%s %.1f (%s)",
                          r.series(),
                          p.bytesPerImage(),
                          shortSetting(p)))
              .orElse(r.series() + " never"));
    }
    lines.add(reach.append(String.join("; ", parts)).append('.').toString());
    for (Crossing c : crossings(points)) {
      lines.add(
          c.overtakes()
              .map(
                  o ->
                      String.format(
                          Locale.ROOT,
                          "%s overtakes CompressNet from %.1f bytes/image (%s, %.2f dB vs %s).",
                          c.series(),
                          o.bytesPerImage(),
                          o.setting(),
                          o.aggregatePsnr(),
                          c.compressNet()
                              .map(
                                  p ->
                                      String.format(
                                          Locale.ROOT,
                                          "CompressNet's best at <= those bytes, %s",
                                          describe(p)))
                              .orElse("no CompressNet point that small")))
              .orElse(
                  String.format(
                      Locale.ROOT,
                      "%s never beats CompressNet's best at the same or fewer bytes in the"
                          + " measured range.",
                      c.series())));
    }
    return lines;
  }

  /** The summary's figures for rd.json. */
  public static Map<String, Object> asMap(List<RdPoint> points) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("targetPsnrDb", TARGET_PSNR_DB);
    m.put("targetBytes", TARGET_BYTES);
    m.put("webpBudgetBytes", WEBP_BUDGET_BYTES);
    Optional<RdPoint> small = smallMessageBest(points);
    m.put("smallMessageBest", small.orElse(null));
    m.put(
        "smallMessageTargetMet", small.map(p -> p.aggregatePsnr() >= TARGET_PSNR_DB).orElse(false));
    Optional<Versus> versus = versusWebP(points, WEBP_BUDGET_BYTES);
    m.put(
        "versusWebP",
        versus
            .map(
                v -> {
                  Map<String, Object> vm = new LinkedHashMap<>();
                  vm.put("compressNet", v.compressNet());
                  vm.put("webpAtSameOrMoreBytes", v.webp().orElse(null));
                  vm.put("webpCheapestMatchingPsnr", v.webpToMatch().orElse(null));
                  vm.put("compressNetWins", v.wins());
                  return vm;
                })
            .orElse(null));
    Map<String, Object> reach = new LinkedHashMap<>();
    for (Reach r : reach(points, TARGET_PSNR_DB)) {
      reach.put(r.series(), r.point().map(RdPoint::bytesPerImage).orElse(null));
    }
    m.put("bytesToReachTarget", reach);
    List<Map<String, Object>> crossings = new ArrayList<>();
    for (Crossing c : crossings(points)) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("series", c.series());
      cm.put("overtakesAt", c.overtakes().orElse(null));
      cm.put("compressNetBestAtOrBelow", c.compressNet().orElse(null));
      crossings.add(cm);
    }
    m.put("crossings", crossings);
    m.put("lines", lines(points));
    return m;
  }

  static String describe(RdPoint p) {
    return String.format(
        Locale.ROOT,
        "%s %s: %.2f dB at %.1f bytes/image",
        p.series(),
        p.setting(),
        p.aggregatePsnr(),
        p.bytesPerImage());
  }

  private static String shortSetting(RdPoint p) {
    return p.setting();
  }
}
