package io.compressnet.bench.rd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A whole benchmark run: rd.json is this record, with the points in table order.
 *
 * @param fittingImages where the range-coder tables and PCA were fitted, null without fitting
 * @param points the points in the order they were measured (the summary's order of series)
 */
public record RdRun(
    String command,
    String images,
    int imageCount,
    int width,
    int height,
    String fittingImages,
    int fittingCount,
    List<String> models,
    String startedAt,
    String javaVersion,
    int cores,
    int pytorchThreads,
    String load,
    List<String> warnings,
    RdSummary summary,
    @JsonIgnore List<RdPoint> points) {

  @JsonProperty("points")
  List<RdPoint> pointsInTableOrder() {
    return points.stream().sorted(RdReport.TABLE_ORDER).toList();
  }
}
