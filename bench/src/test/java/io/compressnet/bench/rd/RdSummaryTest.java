package io.compressnet.bench.rd;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.codec.inference.Refinement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RdSummaryTest {

  private static RdPoint point(
      String family, String series, String setting, double bytes, double db) {
    return new RdPoint(
        family,
        series,
        setting,
        bytes,
        (int) Math.ceil(bytes),
        10,
        db,
        db + 1,
        0.9,
        null,
        null,
        false,
        true,
        null);
  }

  private static RdPoint cn(String setting, double bytes, double db) {
    return point("CompressNet", "CompressNet", setting, bytes, db);
  }

  private static RdPoint webp(String setting, double bytes, double db) {
    return point("WebP", "WebP lossy", setting, bytes, db);
  }

  private static final List<RdPoint> POINTS =
      List.of(
          cn("INT8", 32, 25.0),
          cn("FLOAT16", 64, 25.4),
          cn("FLOAT32", 128, 25.41),
          point("CompressNet", "CompressNet + range coder", "INT8", 21.5, 25.0),
          point("CompressNet", "CompressNet + range coder", "INT8 step x4", 14.0, 23.9),
          new RdPoint(
              "CompressNet",
              "CompressNet INT8 + zstd per 64",
              "INT8",
              10,
              700,
              10,
              30,
              30,
              0.9,
              null,
              null,
              false,
              false,
              "batch"),
          webp("q=0", 140, 24.0),
          webp("q=10", 150, 26.0),
          webp("q=20", 170, 27.0),
          point("JPEG", "JPEG", "q=0.05", 380, 21.0),
          point("JPEG", "JPEG", "q=0.3", 460, 28.0));

  @Test
  void shouldFindTheFewestBytesReachingThePsnrPerSeries() {
    Map<String, RdPoint> reach = RdSummary.reach(POINTS, 24.5);

    assertThat(reach.entrySet())
        .extracting(
            r -> r.getKey() + "=" + (r.getValue() == null ? "never" : r.getValue().setting()))
        .containsExactly(
            "CompressNet=INT8", "CompressNet + range coder=INT8", "WebP lossy=q=10", "JPEG=q=0.3");
  }

  @Test
  void shouldJudgeTheSmallMessageTargetOnTheBestPointWithin32BytesIgnoringBatches() {
    assertThat(RdSummary.smallMessageBest(POINTS).orElseThrow().setting()).isEqualTo("INT8");
    assertThat(RdSummary.smallMessageBest(POINTS).orElseThrow().bytesPerImage()).isEqualTo(21.5);
  }

  @Test
  void shouldCompareWithWebPsBestAtTheSameOrMoreBytesUpToTheBudget() {
    RdSummary.Versus v = RdSummary.versusWebP(POINTS, 140).orElseThrow();

    // Best CompressNet at <= 140 B is FLOAT32 (25.41 dB at 128 B); WebP at 128..140 B: q=0.
    assertThat(v.compressNet().setting()).isEqualTo("FLOAT32");
    assertThat(v.webpAtSameOrMoreBytes().setting()).isEqualTo("q=0");
    assertThat(v.compressNetWins()).isTrue();
    assertThat(v.webpCheapestMatchingPsnr().setting()).isEqualTo("q=10");
  }

  @Test
  void shouldUseWebPsCheapestSettingWhenItCannotGetDownToTheBudget() {
    List<RdPoint> points =
        List.of(cn("INT8", 32, 25.0), webp("q=0", 150, 26.0), webp("q=5", 160, 26.5));

    RdSummary.Versus v = RdSummary.versusWebP(points, 140).orElseThrow();

    assertThat(v.webpAtSameOrMoreBytes().setting()).isEqualTo("q=0");
    assertThat(v.compressNetWins()).isFalse();
  }

  @Test
  void shouldFindWhereEachClassicalCurveOvertakesCompressNet() {
    List<RdSummary.Crossing> crossings = RdSummary.crossings(POINTS);

    assertThat(crossings)
        .extracting(
            c ->
                c.series()
                    + "@"
                    + (c.overtakesAt() == null ? "never" : c.overtakesAt().setting())
                    + " vs "
                    + (c.compressNetBestAtOrBelow() == null
                        ? "-"
                        : c.compressNetBestAtOrBelow().setting()))
        .containsExactly("WebP lossy@q=10 vs FLOAT32", "JPEG@q=0.3 vs FLOAT32");
  }

  @Test
  void shouldSayNeverWhenACurveNeverOvertakes() {
    List<RdPoint> points = List.of(cn("INT8", 32, 30.0), webp("q=0", 140, 24.0));

    assertThat(RdSummary.crossings(points).get(0).overtakesAt()).isNull();
    assertThat(RdSummary.lines(points))
        .anyMatch(l -> l.startsWith("**Target: >= 24.5 dB at <= 32 bytes/image: met.**"))
        .anyMatch(
            l -> l.contains("at <= 140 bytes above WebP's best at the same or more bytes: met"))
        .anyMatch(l -> l.contains("WebP lossy never beats CompressNet"));
  }

  @Test
  void shouldCountRefinedRowsAsCandidatesAndNameThemWithTheUnrefinedBest() {
    Refinement four = Refinement.ofSteps(4);
    List<RdPoint> points =
        List.of(
            cn("m INT8", 32, 24.34),
            CompressNetRows.refined(cn("m INT8", 32, 25.73), four),
            point("CompressNet", "CompressNet + range coder", "m INT8 step x2", 16, 23.0),
            CompressNetRows.refined(
                point("CompressNet", "CompressNet + range coder", "m INT8 step x2", 16, 24.6),
                four),
            webp("q=0", 140, 24.0),
            webp("q=10", 150, 26.0));

    RdPoint small = RdSummary.smallMessageBest(points).orElseThrow();
    assertThat(small.series()).isEqualTo("CompressNet, refined");
    assertThat(small.setting()).isEqualTo("m INT8, 4 refinement steps of 0.01");
    assertThat(RdSummary.reach(points, 24.5).entrySet())
        .extracting(
            r -> r.getKey() + "=" + (r.getValue() == null ? -1.0 : r.getValue().bytesPerImage()))
        .containsExactly(
            "CompressNet=-1.0",
            "CompressNet, refined=32.0",
            "CompressNet + range coder=-1.0",
            "CompressNet + range coder, refined=16.0",
            "WebP lossy=150.0");
    assertThat(RdSummary.crossings(points).get(0).compressNetBestAtOrBelow().series())
        .isEqualTo("CompressNet, refined");
    assertThat(RdSummary.lines(points))
        .anyMatch(
            l ->
                l.startsWith("**Target: >= 24.5 dB at <= 32 bytes/image: met.**")
                    && l.contains(
                        "CompressNet, refined m INT8, 4 refinement steps of 0.01: 25.73 dB at"
                            + " 32.0 bytes/image.")
                    && l.endsWith(
                        "Without encoder refinement: CompressNet m INT8: 24.34 dB at 32.0"
                            + " bytes/image."))
        .anyMatch(l -> l.contains("above WebP's best") && l.contains("CompressNet, refined m INT8"))
        .anyMatch(
            l ->
                l.startsWith("WebP lossy overtakes CompressNet")
                    && l.contains("CompressNet's best at <= those bytes, CompressNet, refined"));
  }

  @Test
  void shouldJudgeTheWireTargetsOnPlainRowsOnly() {
    // Given a refined row that would meet the 20-byte target and plain rows that do not
    Refinement four = Refinement.ofSteps(4);
    List<RdPoint> points =
        List.of(
            point("CompressNet", "CompressNet + range coder", "m INT8 step x8", 19.0, 24.2),
            CompressNetRows.refined(
                point("CompressNet", "CompressNet + range coder", "m INT8 step x8", 19.0, 25.3),
                four),
            cn("r INT8_RANGE", 11.5, 24.1),
            webp("q=0", 100, 22.7));

    // When the summary is written
    List<String> wire = RdSummary.wireLines(points);

    // Then each target is judged on the best plain point within its bytes
    assertThat(wire)
        .containsExactly(
            "**On the wire, plain encoder: >= 25.0 dB at <= 20 bytes/image: NOT met.** Best point:"
                + " CompressNet + range coder m INT8 step x8: 24.20 dB at 19.0 bytes/image.",
            "**On the wire, plain encoder: >= 24.0 dB at <= 12 bytes/image: met.** Best point:"
                + " CompressNet r INT8_RANGE: 24.10 dB at 11.5 bytes/image.",
            "**On the wire, plain encoder: above WebP at the same or more bytes up to 200"
                + " bytes/image: met.** WebP lossy never beats the plain curve in the measured"
                + " range.");
  }

  @Test
  void shouldMissTheWireWebPTargetWhenWebPOvertakesThePlainCurveBelow200Bytes() {
    // Given the fixture: the plain curve tops out at 25.41 dB (128 B); WebP q=10 gives 26.0 at 150
    // B
    List<String> wire = RdSummary.wireLines(POINTS);

    // Then the WebP line is not met, and names where WebP overtakes
    assertThat(wire.get(2))
        .isEqualTo(
            "**On the wire, plain encoder: above WebP at the same or more bytes up to 200"
                + " bytes/image: NOT met.** WebP lossy overtakes it from 150.0 bytes/image (q=10,"
                + " 26.00 dB vs CompressNet FLOAT32: 25.41 dB at 128.0 bytes/image).");
  }

  @Test
  void shouldMeetTheWireWebPTargetWhenWebPFirstOvertakesAbove200Bytes() {
    List<RdPoint> points =
        List.of(cn("INT8", 128, 29.3), webp("q=5", 135, 27.1), webp("q=40", 210, 33.5));

    assertThat(RdSummary.wireLines(points).get(2))
        .startsWith(
            "**On the wire, plain encoder: above WebP at the same or more bytes up to 200"
                + " bytes/image: met.** WebP lossy overtakes it from 210.0 bytes/image");
  }

  @Test
  void shouldPlotEachSeriesAsItsUpperEnvelope() {
    // Given one series with points of several models, some beaten by cheaper ones
    List<RdPoint> points =
        List.of(
            cn("a", 32, 23.0),
            cn("b", 12, 19.0),
            cn("c", 10, 20.0),
            cn("d", 12, 21.0),
            cn("e", 30, 24.0));

    // When the plotted curve is taken
    List<RdPoint> curve = RdReport.envelope(points, RdPoint::aggregatePsnr);

    // Then it keeps, by bytes, each point better than every point of as many or fewer bytes
    assertThat(curve).extracting(RdPoint::setting).containsExactly("c", "d", "e");
  }

  @Test
  void shouldLeaveTheLinesAloneWithoutRefinedRows() {
    assertThat(RdSummary.lines(POINTS)).noneMatch(l -> l.contains("refinement"));
  }

  @Test
  void shouldSortTheTableByFamilyThenSeriesThenBytes() {
    String table = RdReport.table(POINTS);
    List<String> rows =
        table
            .lines()
            .skip(2)
            .map(l -> l.split("\\|")[1].trim() + "/" + l.split("\\|")[2].trim())
            .toList();

    assertThat(rows)
        .containsExactly(
            "CompressNet/INT8",
            "CompressNet/FLOAT16",
            "CompressNet/FLOAT32",
            "CompressNet + range coder/INT8 step x4",
            "CompressNet + range coder/INT8",
            "CompressNet INT8 + zstd per 64/INT8",
            "WebP lossy/q=0",
            "WebP lossy/q=10",
            "WebP lossy/q=20",
            "JPEG/q=0.05",
            "JPEG/q=0.3");
  }
}
