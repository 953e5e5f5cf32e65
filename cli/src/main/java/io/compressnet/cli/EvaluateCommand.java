package io.compressnet.cli;

import io.compressnet.codec.bundle.ModelBundle;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.imaging.quant.Encoding;
import io.compressnet.streams.InferenceDefaults;
import io.compressnet.trainer.Evaluation;
import io.compressnet.trainer.InferenceSpeed;
import io.compressnet.trainer.Reports;
import io.compressnet.trainer.TrainWorkflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compressnet evaluate}: a bundle's quality on an IDX file, both paths. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Scores a model bundle on images (IDX, or a folder of PNG/JPEG): MSE, aggregate and mean per-image PSNR, mean SSIM and"
          + " bytes per image, for the whole autoencoder in memory and for the split path a"
          + " message takes (encoder -> latent bytes -> decoder).",
    })
final class EvaluateCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "Model bundle directory.")
  Path model;

  @Option(
      names = "--images",
      required = true,
      paramLabel = "SOURCE",
      description = "Images to score. " + ImageSourceOptions.SOURCE_HELP)
  String images;

  @Mixin ImageSourceOptions imageSources;

  @Option(names = "--limit", defaultValue = "0", description = "Only the first N images (0 = all).")
  int limit;

  @Option(
      names = "--encoding",
      description = "Latent encoding on the wire (default: the bundle's).")
  Encoding encoding;

  @Mixin RefinementOptions refinement;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Option(
      names = "--update-bundle",
      description = "Store the figures in the bundle's model.json and metrics.json.")
  boolean updateBundle;

  @Option(names = "--threads", description = "PyTorch threads (default: all cores).")
  Integer threads;

  @Option(
      names = "--speed",
      description = "Also time the networks alone (no Kafka): batch 1 and batch 256, medians.")
  boolean speed;

  @Override
  public Integer call() throws Exception {
    InferenceDefaults.apply(threads != null ? threads : Runtime.getRuntime().availableProcessors());
    ModelBundle bundle = ModelBundle.load(model);
    ImageSource source = imageSources.source(images);
    ImageSet set = source.read(limit, new ReadProgressBar()).images();
    Evaluation.Report report =
        Evaluation.run(
            bundle,
            set,
            source.displayName(),
            encoding != null ? encoding : bundle.defaultEncoding(),
            refinement.refinement());
    System.out.print(Reports.table(report));
    if (speed) {
      for (int batch : new int[] {1, 256}) {
        InferenceSpeed.Figures f = InferenceSpeed.measure(bundle, set, batch);
        System.out.printf(
            Locale.ROOT,
            "network alone, batch %3d: encode %8.0f images/s, decode %8.0f images/s%n",
            f.batchSize(),
            f.encodePerSecond(),
            f.decodePerSecond());
      }
    }
    if (json != null) {
      Reports.writeJson(Reports.asMap(report), json);
    }
    if (updateBundle) {
      bundle = bundle.withEvaluation(Reports.asMap(report));
      Path metrics = model.resolve(TrainWorkflow.METRICS_FILE);
      @SuppressWarnings("unchecked")
      Map<String, Object> content =
          Files.isRegularFile(metrics)
              ? Reports.JSON.readValue(metrics.toFile(), LinkedHashMap.class)
              : new LinkedHashMap<>();
      content.put("modelId", bundle.modelId());
      content.put("evaluation", Reports.asMap(report));
      Reports.writeJson(content, metrics);
      System.out.println("updated " + model.resolve(ModelBundle.MANIFEST_FILE) + " and " + metrics);
    }
    return 0;
  }
}
