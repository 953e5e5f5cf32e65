package io.compressnet.bench.rd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * "Where the curves cross", computed from the measured points; rd.json's {@code summary} is this
 * record. All comparisons use aggregate PSNR and mean bytes per image, and only per-message points
 * (a batch-level figure is not what one message costs).
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
 *
 * @param bytesToReachTarget per series, the fewest bytes reaching {@link #TARGET_PSNR_DB} (null:
 *     never)
 * @param lines the summary as Markdown bullets
 */
public record RdSummary(
    double targetPsnrDb,
    double targetBytes,
    double webpBudgetBytes,
    RdPoint smallMessageBest,
    boolean smallMessageTargetMet,
    Versus versusWebP,
    Map<String, Double> bytesToReachTarget,
    List<Crossing> crossings,
    List<String> lines) {

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
      RdPoint compressNet,
      RdPoint webpAtSameOrMoreBytes,
      RdPoint webpCheapestMatchingPsnr,
      boolean compressNetWins) {

    public Optional<RdPoint> webp() {
      return Optional.ofNullable(webpAtSameOrMoreBytes);
    }

    public Optional<RdPoint> webpToMatch() {
      return Optional.ofNullable(webpCheapestMatchingPsnr);
    }

    public boolean wins() {
      return compressNetWins;
    }
  }

  /** The cheapest point of {@code series} beating every CompressNet point of <= its bytes. */
  public record Crossing(String series, RdPoint overtakesAt, RdPoint compressNetBestAtOrBelow) {

    public Optional<RdPoint> overtakes() {
      return Optional.ofNullable(overtakesAt);
    }

    public Optional<RdPoint> compressNet() {
      return Optional.ofNullable(compressNetBestAtOrBelow);
    }
  }

  /** The summary of {@code points}, in the order they were measured. */
  public static RdSummary of(List<RdPoint> points) {
    Optional<RdPoint> small = smallMessageBest(points);
    Map<String, Double> reach = new LinkedHashMap<>();
    reach(points, TARGET_PSNR_DB)
        .forEach(r -> reach.put(r.series(), r.point().map(RdPoint::bytesPerImage).orElse(null)));
    return new RdSummary(
        TARGET_PSNR_DB,
        TARGET_BYTES,
        WEBP_BUDGET_BYTES,
        small.orElse(null),
        small.map(p -> p.aggregatePsnr() >= TARGET_PSNR_DB).orElse(false),
        versusWebP(points, WEBP_BUDGET_BYTES).orElse(null),
        reach,
        crossings(points),
        lines(points));
  }

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
    Optional<RdPoint> found = best(points, RdSummary::isCompressNet, budget);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    RdPoint cn = found.get();
    List<RdPoint> webpAbove =
        webpLossy(points).filter(p -> p.bytesPerImage() >= cn.bytesPerImage()).toList();
    Optional<RdPoint> cheapestAbove = webpAbove.stream().min(CHEAPEST);
    double limit = Math.max(budget, cheapestAbove.map(RdPoint::bytesPerImage).orElse(budget));
    Optional<RdPoint> webp = webpAbove.stream().filter(p -> p.bytesPerImage() <= limit).max(BEST);
    Optional<RdPoint> toMatch =
        webpLossy(points).filter(p -> p.aggregatePsnr() >= cn.aggregatePsnr()).min(CHEAPEST);
    boolean wins = webp.isPresent() && cn.aggregatePsnr() > webp.get().aggregatePsnr();
    return Optional.of(new Versus(cn, webp.orElse(null), toMatch.orElse(null), wins));
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
      Crossing crossing = new Crossing(series, null, null);
      for (RdPoint p : curve) {
        Optional<RdPoint> cn = best(points, RdSummary::isCompressNet, p.bytesPerImage());
        if (cn.isEmpty() || p.aggregatePsnr() > cn.get().aggregatePsnr()) {
          crossing = new Crossing(series, p, cn.orElse(null));
          break;
        }
      }
      out.add(crossing);
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

  private static Stream<RdPoint> perMessage(List<RdPoint> points) {
    return points.stream().filter(RdPoint::perMessage);
  }

  private static Stream<RdPoint> webpLossy(List<RdPoint> points) {
    return perMessage(points).filter(p -> p.series().equals(WEBP_LOSSY));
  }

  private static List<String> seriesOf(List<RdPoint> points) {
    return List.copyOf(new LinkedHashSet<>(perMessage(points).map(RdPoint::series).toList()));
  }

  /** The summary as Markdown bullets. */
  public static List<String> lines(List<RdPoint> points) {
    List<String> lines = new ArrayList<>();
    lines.add(smallMessageLine(points));
    lines.add(versusWebPLine(points));
    lines.add(
        String.format(Locale.ROOT, "Fewest bytes/image reaching %.1f dB: ", TARGET_PSNR_DB)
            + String.join(
                "; ", reach(points, TARGET_PSNR_DB).stream().map(RdSummary::reached).toList())
            + '.');
    crossings(points).forEach(c -> lines.add(crossingLine(c)));
    return lines;
  }

  private static String smallMessageLine(List<RdPoint> points) {
    return smallMessageBest(points)
        .map(
            p ->
                format(
                    "**Target: >= %.1f dB at <= %.0f bytes/image: %s.** Best CompressNet point at"
                        + " <= %.0f bytes: %s.%s",
                    TARGET_PSNR_DB,
                    TARGET_BYTES,
                    p.aggregatePsnr() >= TARGET_PSNR_DB ? "met" : "NOT met",
                    TARGET_BYTES,
                    describe(p),
                    withoutRefinement(points, p, TARGET_BYTES)))
        .orElse(
            format(
                "**Target: >= %.1f dB at <= %.0f bytes/image: not measured** (no CompressNet point"
                    + " at <= %.0f bytes).",
                TARGET_PSNR_DB, TARGET_BYTES, TARGET_BYTES));
  }

  private static String versusWebPLine(List<RdPoint> points) {
    Optional<Versus> versus = versusWebP(points, WEBP_BUDGET_BYTES);
    if (versus.isEmpty()) {
      return format(
          "**Target: at <= %.0f bytes above WebP: not measured** (no CompressNet point).",
          WEBP_BUDGET_BYTES);
    }
    Versus v = versus.get();
    String toMatch =
        v.webpToMatch()
            .map(
                m ->
                    format(
                        " WebP needs %.1f bytes (%s) to match its PSNR, %.1fx as many.",
                        m.bytesPerImage(),
                        m.setting(),
                        m.bytesPerImage() / v.compressNet().bytesPerImage()))
            .orElse(" No WebP setting measured reaches its PSNR.");
    return format(
        "**Target: at <= %.0f bytes above WebP's best at the same or more bytes: %s.** %s, against"
            + " %s.%s%s",
        WEBP_BUDGET_BYTES,
        v.webp().isEmpty() ? "not measured" : v.wins() ? "met" : "NOT met",
        describe(v.compressNet()),
        v.webp().map(RdSummary::describe).orElse("(no WebP point at >= those bytes)"),
        toMatch,
        withoutRefinement(points, v.compressNet(), WEBP_BUDGET_BYTES));
  }

  private static String reached(Reach r) {
    return r.point()
        .map(p -> format("%s %.1f (%s)", r.series(), p.bytesPerImage(), p.setting()))
        .orElse(r.series() + " never");
  }

  private static String crossingLine(Crossing c) {
    if (c.overtakes().isEmpty()) {
      return c.series()
          + " never beats CompressNet's best at the same or fewer bytes in the measured range.";
    }
    RdPoint o = c.overtakesAt();
    return format(
        "%s overtakes CompressNet from %.1f bytes/image (%s, %.2f dB vs %s).",
        c.series(),
        o.bytesPerImage(),
        o.setting(),
        o.aggregatePsnr(),
        c.compressNet()
            .map(p -> "CompressNet's best at <= those bytes, " + describe(p))
            .orElse("no CompressNet point that small"));
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

  static String describe(RdPoint p) {
    return format(
        "%s %s: %.2f dB at %.1f bytes/image",
        p.series(), p.setting(), p.aggregatePsnr(), p.bytesPerImage());
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
