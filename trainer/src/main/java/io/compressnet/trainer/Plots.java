package io.compressnet.trainer;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.codec.inference.BatchDecoder;
import io.compressnet.codec.inference.BatchEncoder;
import io.compressnet.codec.model.ModelSpec;
import io.compressnet.imaging.data.ImageSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/** The PNG figures of training and comparison runs. */
public final class Plots {

  private static final int SCALE = 3;

  private Plots() {}

  /** Training and validation MSE per epoch, log scale. */
  public static void lossCurve(List<EpochStats> history, String title, Path png)
      throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(480)
            .title(title)
            .xAxisTitle("epoch")
            .yAxisTitle("MSE")
            .build();
    chart.getStyler().setYAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideNE);
    double[] epochs = history.stream().mapToDouble(EpochStats::epoch).toArray();
    chart.addSeries(
        "train (with latent noise)",
        epochs,
        history.stream().mapToDouble(EpochStats::trainLoss).toArray());
    chart.addSeries(
        "held-out", epochs, history.stream().mapToDouble(EpochStats::validationLoss).toArray());
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * A grid of originals (top row of each pair) over their split-path reconstructions (the bytes a
   * message in the bundle's default encoding carries, decoded as a decoder-service does), {@code
   * count} images, scaled up for viewing.
   */
  public static void reconstructionGrid(ModelBundle bundle, ImageSet images, int count, Path png)
      throws IOException {
    ModelSpec spec = bundle.spec();
    int n = Math.min(count, images.size());
    byte[][] rebuilt = splitPath(bundle, Arrays.asList(images.images()).subList(0, n));
    int perRow = Math.min(n, 16);
    int rows = (n + perRow - 1) / perRow;
    int cellW = spec.width() * SCALE + 2;
    int cellH = spec.height() * SCALE + 2;
    BufferedImage grid =
        new BufferedImage(perRow * cellW, rows * 2 * cellH, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < n; i++) {
      int gx = (i % perRow) * cellW;
      int gy = (i / perRow) * 2 * cellH;
      draw(grid, images.images()[i], spec, gx, gy);
      draw(grid, rebuilt[i], spec, gx, gy + cellH);
    }
    ImageIO.write(grid, "png", png.toFile());
  }

  /** The images as the services pass them on: encoded to messages, decoded back to pixels. */
  private static byte[][] splitPath(ModelBundle bundle, List<byte[]> images) {
    try (BatchEncoder encoder =
            new BatchEncoder(bundle, bundle.defaultEncoding(), Evaluation.PASS_SIZE);
        BatchDecoder decoder = new BatchDecoder(bundle, Evaluation.PASS_SIZE)) {
      return Evaluation.decodeMessages(decoder, encoder.encodeMessages(images));
    }
  }

  private static void draw(BufferedImage grid, byte[] pixels, ModelSpec spec, int x0, int y0) {
    for (int y = 0; y < spec.height(); y++) {
      for (int x = 0; x < spec.width(); x++) {
        int rgb = rgbAt(pixels, y * spec.width() + x, spec.channels());
        for (int dy = 0; dy < SCALE; dy++) {
          for (int dx = 0; dx < SCALE; dx++) {
            grid.setRGB(x0 + x * SCALE + dx, y0 + y * SCALE + dy, rgb);
          }
        }
      }
    }
  }

  /** Pixel {@code index} of 8-bit interleaved values as 0xRRGGBB (gray repeated). */
  static int rgbAt(byte[] pixels, int index, int channels) {
    if (channels == 1) {
      int v = pixels[index] & 0xff;
      return (v << 16) | (v << 8) | v;
    }
    int base = index * channels;
    return (pixels[base] & 0xff) << 16 | (pixels[base + 1] & 0xff) << 8 | pixels[base + 2] & 0xff;
  }

  /** One bar chart per metric, one bar per architecture. */
  public static void comparisonBars(List<String> names, String metric, double[] values, Path png)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder().width(700).height(420).title(metric).yAxisTitle(metric).build();
    chart.getStyler().setLegendVisible(false);
    chart.addSeries(metric, names, Arrays.stream(values).boxed().toList());
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * The quality–cost frontier: aggregate PSNR of the split path against decode images/s, one point
   * per design, labelled with its decoder multiply-accumulates.
   */
  public static void frontier(List<CompareWorkflow.Row> rows, List<String> labels, Path png)
      throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(560)
            .title("quality against decoder speed")
            .xAxisTitle(
                "decode images/s (network alone, batch " + CompareWorkflow.SPEED_BATCH + ")")
            .yAxisTitle("aggregate PSNR dB (split path)")
            .build();
    chart
        .getStyler()
        .setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
        .setMarkerSize(10)
        .setLegendPosition(Styler.LegendPosition.OutsideS);
    for (int i = 0; i < rows.size(); i++) {
      CompareWorkflow.Row r = rows.get(i);
      chart.addSeries(
          String.format(Locale.ROOT, "%s (%.1f M MACs)", labels.get(i), r.decoderMacs() / 1e6),
          new double[] {r.decodeImagesPerSecond()},
          new double[] {r.split().aggregatePsnr()});
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
