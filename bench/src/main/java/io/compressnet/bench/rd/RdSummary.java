package io.compressnet.bench.rd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
 *   <li><b>On the wire, plain encoder</b> (the bytes-on-the-wire issue's targets, judged on rows
 *       measured without encoder refinement, which the services do not run by default): the best
 *       point at {@code <= 20} bytes reaches 25.0 dB, the best at {@code <= 12} bytes 24.0 dB, and
 *       WebP lossy does not overtake the plain curve below 200 bytes.
 * </ul>
 *
 * <p>Every CompressNet row is a candidate, including rows measured with encoder refinement; the
 * lines name the row that is chosen and, when it is a refined one, also the best row without.
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

  /** A PSNR a plain CompressNet message of at most {@code bytes} per image must reach. */
  public record WireTarget(double psnrDb, double bytes) {}

  public static final List<WireTarget> WIRE_TARGETS =
      List.of(new WireTarget(25.0, 20), new WireTarget(24.0, 12));

  /** WebP lossy must not overtake the plain CompressNet curve below this many bytes. */
  public static final double WIRE_WEBP_BYTES = 200;

  public static final String WEBP_LOSSY = "WebP lossy";

  private static final Comparator<RdPoint> CHEAPEST =
      Comparator.comparingDouble(RdPoint::bytesPerImage);
  private static final Comparator<RdPoint> BEST =
      Comparator.comparingDouble(RdPoint::aggregatePsnr)
          .thenComparing(CHEAPEST.reversed()); // ties: fewer bytes wins

  /** The best CompressNet point within the budget against WebP (null: none measured). */
  public record Versus(
      RdPoint compressNet,
      RdPoint webpAtSameOrMoreBytes,
      RdPoint webpCheapestMatchingPsnr,
      boolean compressNetWins) {}

  /** The cheapest point of {@code series} beating every CompressNet point of <= its bytes. */
  public record Crossing(String series, RdPoint overtakesAt, RdPoint compressNetBestAtOrBelow) {}

  public static RdSummary of(List<RdPoint> points) {
    Optional<RdPoint> small = smallMessageBest(points);
    Map<String, Double> reach = new LinkedHashMap<>();
    reach(points, TARGET_PSNR_DB)
        .forEach((series, p) -> reach.put(series, p == null ? null : p.bytesPerImage()));
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

  /** Per series, in measured order, the fewest bytes reaching {@code db} (null: never). */
  public static Map<String, RdPoint> reach(List<RdPoint> points, double db) {
    Map<String, RdPoint> out = new LinkedHashMap<>();
    perMessage(points).forEach(p -> out.putIfAbsent(p.series(), null));
    perMessage(points)
        .filter(p -> p.aggregatePsnr() >= db)
        .forEach(p -> out.merge(p.series(), p, (a, b) -> CHEAPEST.compare(b, a) < 0 ? b : a));
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
    return best(points, RdSummary::isCompressNet, budget)
        .map(
            cn -> {
              List<RdPoint> above =
                  webpLossy(points).filter(p -> p.bytesPerImage() >= cn.bytesPerImage()).toList();
              double limit =
                  Math.max(
                      budget,
                      above.stream().min(CHEAPEST).map(RdPoint::bytesPerImage).orElse(budget));
              RdPoint webp =
                  above.stream().filter(p -> p.bytesPerImage() <= limit).max(BEST).orElse(null);
              RdPoint toMatch =
                  webpLossy(points)
                      .filter(p -> p.aggregatePsnr() >= cn.aggregatePsnr())
                      .min(CHEAPEST)
                      .orElse(null);
              boolean wins = webp != null && cn.aggregatePsnr() > webp.aggregatePsnr();
              return new Versus(cn, webp, toMatch, wins);
            });
  }

  public static List<Crossing> crossings(List<RdPoint> points) {
    List<Crossing> out = new ArrayList<>();
    for (String series : reach(points, 0).keySet()) {
      crossing(points, series, RdSummary::isCompressNet).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Where the lossy classical {@code series} first beats the best {@code compressNet} point of the
   * same or fewer bytes (empty: no such series measured).
   */
  static Optional<Crossing> crossing(
      List<RdPoint> points, String series, Predicate<RdPoint> compressNet) {
    List<RdPoint> curve =
        perMessage(points)
            .filter(p -> p.series().equals(series) && !p.lossless() && !isCompressNet(p))
            .sorted(CHEAPEST)
            .toList();
    if (curve.isEmpty()) {
      return Optional.empty();
    }
    for (RdPoint p : curve) {
      RdPoint cn = best(points, compressNet, p.bytesPerImage()).orElse(null);
      if (cn == null || p.aggregatePsnr() > cn.aggregatePsnr()) {
        return Optional.of(new Crossing(series, p, cn));
      }
    }
    return Optional.of(new Crossing(series, null, null));
  }

  static boolean isPlainCompressNet(RdPoint p) {
    return isCompressNet(p) && !isRefined(p);
  }

  /** The wire targets, one Markdown bullet each. */
  static List<String> wireLines(List<RdPoint> points) {
    List<String> lines = new ArrayList<>();
    for (WireTarget t : WIRE_TARGETS) {
      RdPoint p = best(points, RdSummary::isPlainCompressNet, t.bytes()).orElse(null);
      lines.add(
          p == null
              ? format(
                  "**On the wire, plain encoder: >= %.1f dB at <= %.0f bytes/image: not measured**"
                      + " (no plain CompressNet point that small).",
                  t.psnrDb(), t.bytes())
              : format(
                  "**On the wire, plain encoder: >= %.1f dB at <= %.0f bytes/image: %s.** Best"
                      + " point: %s.",
                  t.psnrDb(),
                  t.bytes(),
                  p.aggregatePsnr() >= t.psnrDb() ? "met" : "NOT met",
                  describe(p)));
    }
    lines.add(wireWebPLine(points));
    return lines;
  }

  private static String wireWebPLine(List<RdPoint> points) {
    Crossing c = crossing(points, WEBP_LOSSY, RdSummary::isPlainCompressNet).orElse(null);
    String head =
        format(
            "**On the wire, plain encoder: above WebP at the same or more bytes up to %.0f"
                + " bytes/image: ",
            WIRE_WEBP_BYTES);
    if (c == null) {
      return head + "not measured** (no WebP lossy point).";
    }
    RdPoint o = c.overtakesAt();
    if (o == null) {
      return head + "met.** WebP lossy never beats the plain curve in the measured range.";
    }
    return head
        + (o.bytesPerImage() > WIRE_WEBP_BYTES ? "met" : "NOT met")
        + format(
            ".** WebP lossy overtakes it from %.1f bytes/image (%s, %.2f dB vs %s).",
            o.bytesPerImage(),
            o.setting(),
            o.aggregatePsnr(),
            c.compressNetBestAtOrBelow() == null
                ? "no plain CompressNet point that small"
                : describe(c.compressNetBestAtOrBelow()));
  }

  static boolean isCompressNet(RdPoint p) {
    return p.family().equals(COMPRESSNET);
  }

  static boolean isRefined(RdPoint p) {
    return p.series().endsWith(CompressNetRows.REFINED);
  }

  private static Stream<RdPoint> perMessage(List<RdPoint> points) {
    return points.stream().filter(RdPoint::perMessage);
  }

  private static Stream<RdPoint> webpLossy(List<RdPoint> points) {
    return perMessage(points).filter(p -> p.series().equals(WEBP_LOSSY));
  }

  public static List<String> lines(List<RdPoint> points) {
    List<String> lines = new ArrayList<>();
    RdPoint small = smallMessageBest(points).orElse(null);
    lines.add(
        small == null
            ? format(
                "**Target: >= %.1f dB at <= %.0f bytes/image: not measured** (no CompressNet point"
                    + " at <= %.0f bytes).",
                TARGET_PSNR_DB, TARGET_BYTES, TARGET_BYTES)
            : format(
                "**Target: >= %.1f dB at <= %.0f bytes/image: %s.** Best CompressNet point at"
                    + " <= %.0f bytes: %s.%s",
                TARGET_PSNR_DB,
                TARGET_BYTES,
                small.aggregatePsnr() >= TARGET_PSNR_DB ? "met" : "NOT met",
                TARGET_BYTES,
                describe(small),
                withoutRefinement(points, small, TARGET_BYTES)));
    lines.add(versusWebPLine(points));
    lines.addAll(wireLines(points));
    List<String> reached = new ArrayList<>();
    reach(points, TARGET_PSNR_DB)
        .forEach(
            (series, p) ->
                reached.add(
                    p == null
                        ? series + " never"
                        : format("%s %.1f (%s)", series, p.bytesPerImage(), p.setting())));
    lines.add(
        format("Fewest bytes/image reaching %.1f dB: ", TARGET_PSNR_DB)
            + String.join("; ", reached)
            + '.');
    for (Crossing c : crossings(points)) {
      RdPoint o = c.overtakesAt();
      RdPoint cn = c.compressNetBestAtOrBelow();
      lines.add(
          o == null
              ? c.series()
                  + " never beats CompressNet's best at the same or fewer bytes in the measured"
                  + " range."
              : format(
                  "%s overtakes CompressNet from %.1f bytes/image (%s, %.2f dB vs %s).",
                  c.series(),
                  o.bytesPerImage(),
                  o.setting(),
                  o.aggregatePsnr(),
                  cn == null
                      ? "no CompressNet point that small"
                      : "CompressNet's best at <= those bytes, " + describe(cn)));
    }
    return lines;
  }

  private static String versusWebPLine(List<RdPoint> points) {
    Versus v = versusWebP(points, WEBP_BUDGET_BYTES).orElse(null);
    if (v == null) {
      return format(
          "**Target: at <= %.0f bytes above WebP: not measured** (no CompressNet point).",
          WEBP_BUDGET_BYTES);
    }
    RdPoint cn = v.compressNet();
    RdPoint webp = v.webpAtSameOrMoreBytes();
    RdPoint m = v.webpCheapestMatchingPsnr();
    String toMatch =
        m == null
            ? " No WebP setting measured reaches its PSNR."
            : format(
                " WebP needs %.1f bytes (%s) to match its PSNR, %.1fx as many.",
                m.bytesPerImage(), m.setting(), m.bytesPerImage() / cn.bytesPerImage());
    return format(
        "**Target: at <= %.0f bytes above WebP's best at the same or more bytes: %s.** %s, against"
            + " %s.%s%s",
        WEBP_BUDGET_BYTES,
        webp == null ? "not measured" : v.compressNetWins() ? "met" : "NOT met",
        describe(cn),
        webp == null ? "(no WebP point at >= those bytes)" : describe(webp),
        toMatch,
        withoutRefinement(points, cn, WEBP_BUDGET_BYTES));
  }

  /**
   * For a refined {@code chosen}: the best unrefined CompressNet row at <= bytes, as a sentence.
   */
  private static String withoutRefinement(List<RdPoint> points, RdPoint chosen, double bytes) {
    if (!isRefined(chosen)) {
      return "";
    }
    return best(points, RdSummary::isPlainCompressNet, bytes)
        .map(p -> " Without encoder refinement: " + describe(p) + ".")
        .orElse(" Without encoder refinement: no CompressNet point.");
  }

  static String describe(RdPoint p) {
    return format(
        "%s %s: %.2f dB at %.1f bytes/image",
        p.series(), p.setting(), p.aggregatePsnr(), p.bytesPerImage());
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
