package io.compressnet.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** JSON and text renderings of evaluation and training results. */
public final class Reports {

  public static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Reports() {}

  /** A readable table of both paths of an evaluation. */
  public static String table(Evaluation.Report r) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "model %s on %s (%d images, %d raw bytes each)%n",
            r.modelId(),
            r.images(),
            r.split().images(),
            r.rawBytesPerImage()));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-12s %-24s %6s %9s %9s %9s %8s %8s%n",
            "path",
            "latent",
            "bytes",
            "MSE",
            "aggPSNR",
            "meanPSNR",
            "SSIM",
            "minSSIM"));
    java.util.List<Evaluation.PathScores> paths = new java.util.ArrayList<>();
    paths.add(r.autoencoder());
    paths.add(r.split());
    if (r.refined() != null) {
      paths.add(r.refined());
    }
    for (Evaluation.PathScores p : paths) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-12s %-24s %6.2f %9.5f %8.2f dB %6.2f dB %8.4f %8.4f%n",
              p.path(),
              p.encoding(),
              p.meanMessageBytes(),
              p.meanMse(),
              p.aggregatePsnr(),
              p.meanPsnr(),
              p.meanSsim(),
              p.minSsim()));
    }
    sb.append(
        String.format(Locale.ROOT, "compression ratio on the wire: %.1fx%n", r.compressionRatio()));
    return sb.toString();
  }

  /** The evaluation as the map stored in model.json's {@code evaluation} and in metrics.json. */
  public static Map<String, Object> asMap(Evaluation.Report r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", r.images());
    m.put("count", r.split().images());
    m.put("rawBytesPerImage", r.rawBytesPerImage());
    m.put("compressionRatio", r.compressionRatio());
    m.put("split", r.split());
    m.put("autoencoder", r.autoencoder());
    if (r.refined() != null) {
      m.put("refined", r.refined());
      m.put("refinement", Map.of("steps", r.refinement().steps(), "rate", r.refinement().rate()));
    }
    return m;
  }

  public static void writeJson(Object value, Path file) throws IOException {
    JSON.writeValue(file.toFile(), value);
  }
}
