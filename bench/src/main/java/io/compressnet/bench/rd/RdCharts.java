package io.compressnet.bench.rd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PSNR and SSIM against bytes per image, log x, one series per curve. */
final class RdCharts {

  private RdCharts() {}

  static void write(List<RdPoint> points, Path psnrPng, Path ssimPng) throws IOException {
    // Lossless points sit at the 100 dB cap and would flatten every lossy curve: PSNR plots
    // lossy points only; SSIM (1.0 for lossless) shows all.
    List<RdPoint> lossy = points.stream().filter(p -> !p.lossless()).toList();
    XYChart psnr = chart("Aggregate PSNR vs bytes per image (lossy codecs)", "aggregate PSNR, dB");
    addSeries(psnr, lossy, RdPoint::aggregatePsnr);
    double minBytes = points.stream().mapToDouble(RdPoint::bytesPerImage).min().orElse(1);
    double maxBytes = points.stream().mapToDouble(RdPoint::bytesPerImage).max().orElse(1000);
    XYSeries target =
        psnr.addSeries(
            "target " + RdSummary.TARGET_PSNR_DB + " dB",
            new double[] {Math.max(1, minBytes * 0.9), maxBytes * 1.1},
            new double[] {RdSummary.TARGET_PSNR_DB, RdSummary.TARGET_PSNR_DB});
    target.setMarker(SeriesMarkers.NONE);
    // Above ~50 dB only near-lossless settings remain; the crossings all happen lower.
    psnr.getStyler()
        .setYAxisMax(
            Math.min(55.0, lossy.stream().mapToDouble(RdPoint::aggregatePsnr).max().orElse(55)));
    BitmapEncoder.saveBitmap(psnr, psnrPng.toString(), BitmapEncoder.BitmapFormat.PNG);

    XYChart ssim = chart("Mean SSIM vs bytes per image", "mean SSIM");
    addSeries(ssim, points, RdPoint::meanSsim);
    BitmapEncoder.saveBitmap(ssim, ssimPng.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(1100)
            .height(700)
            .title(title)
            .xAxisTitle("bytes per image (log scale)")
            .yAxisTitle(yTitle)
            .build();
    chart
        .getStyler()
        .setXAxisLogarithmic(true)
        .setLegendPosition(Styler.LegendPosition.OutsideE)
        .setMarkerSize(6);
    return chart;
  }

  private static void addSeries(
      XYChart chart, List<RdPoint> points, ToDoubleFunction<RdPoint> metric) {
    Map<String, List<RdPoint>> bySeries = new LinkedHashMap<>();
    points.stream()
        .sorted(RdMarkdown.TABLE_ORDER)
        .forEach(p -> bySeries.computeIfAbsent(p.series(), k -> new ArrayList<>()).add(p));
    for (var e : bySeries.entrySet()) {
      List<RdPoint> curve =
          e.getValue().stream().sorted(Comparator.comparingDouble(RdPoint::bytesPerImage)).toList();
      chart.addSeries(
          e.getKey(),
          curve.stream().mapToDouble(RdPoint::bytesPerImage).toArray(),
          curve.stream().mapToDouble(metric).toArray());
    }
  }
}
