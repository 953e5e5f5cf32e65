package io.compressnet.codec.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The content of a bundle's {@code model.json}. Field names are the file format: renaming one is a
 * format change and needs a new {@link #CURRENT_FORMAT_VERSION}.
 *
 * @param formatVersion bundle format version; loaders refuse versions they do not know
 * @param name readable model name, e.g. {@code emnist-ps32-int8}
 * @param architecture short name of the {@code Architecture}
 * @param width input width in pixels
 * @param height input height in pixels
 * @param latentDims latent values per image
 * @param channels 3 for an RGB model; absent (null) for grayscale, so the files of grayscale
 *     bundles written before colour existed are unchanged
 * @param encoding default latent encoding on the wire (INT8, FLOAT16, FLOAT32)
 * @param quantization per-dimension INT8 parameters (always present: any bundle can emit INT8)
 * @param dataset what the model was trained on
 * @param training training settings and outcome (free-form figures)
 * @param evaluation validation figures (free-form), filled by {@code evaluate}
 * @param parameterHash SHA-256 of encoder.params then decoder.params, then entropy.bin if the
 *     bundle has one (hex), part of the id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(
    int formatVersion,
    String name,
    String architecture,
    int width,
    int height,
    int latentDims,
    Integer channels,
    String encoding,
    Quantization quantization,
    Map<String, Object> dataset,
    Map<String, Object> training,
    Map<String, Object> evaluation,
    String parameterHash) {

  public static final int CURRENT_FORMAT_VERSION = 1;

  /** Key in {@code training} of the grid's multiplier over the trained fit (absent = 1). */
  public static final String STEP_MULTIPLIER = "quantizationStepMultiplier";

  /** Per-dimension affine INT8 parameters: value = min + q·scale, q in 0..255. */
  public record Quantization(float[] min, float[] scale) {}

  /** The channel count as written into model.json: absent for grayscale. */
  public static Integer channelsField(int channels) {
    return channels == 1 ? null : channels;
  }

  /** Channels of the images the model takes: 1 (grayscale) unless the file says otherwise. */
  public int channelCount() {
    return channels == null ? 1 : channels;
  }

  /** The same manifest with another parameter hash (after parameter files were written). */
  public BundleManifest withParameterHash(String newHash) {
    return new BundleManifest(
        formatVersion,
        name,
        architecture,
        width,
        height,
        latentDims,
        channels,
        encoding,
        quantization,
        dataset,
        training,
        evaluation,
        newHash);
  }

  /**
   * The manifest of this model with its latent grid coarsened by {@code factor} (see {@link
   * io.compressnet.imaging.quant.AffineInt8Quantizer#coarser}): name suffixed {@code -stepN}, the
   * total multiplier recorded under {@link #STEP_MULTIPLIER} in {@code training}, {@code
   * INT8_RANGE} as its default encoding (a coarser grid only saves bytes range-coded), the
   * evaluation dropped (it scored the finer grid), no hash yet.
   */
  public BundleManifest withCoarserQuantization(int factor, Quantization coarser) {
    int total = stepMultiplier() * factor;
    Map<String, Object> newTraining =
        new java.util.LinkedHashMap<>(training == null ? Map.of() : training);
    newTraining.put(STEP_MULTIPLIER, total);
    return new BundleManifest(
        formatVersion,
        name == null ? null : name.replaceFirst("-step[0-9]+$", "") + "-step" + total,
        architecture,
        width,
        height,
        latentDims,
        channels,
        "INT8_RANGE",
        coarser,
        dataset,
        newTraining,
        null,
        null);
  }

  /**
   * How many times coarser than the trainer's fit the latent grid is: 1 unless {@code compressnet
   * fit-entropy --step-multiplier} made this bundle from another.
   */
  public int stepMultiplier() {
    Object value = training == null ? null : training.get(STEP_MULTIPLIER);
    return value instanceof Number number ? number.intValue() : 1;
  }

  public BundleManifest withEvaluation(Map<String, Object> newEvaluation) {
    return new BundleManifest(
        formatVersion,
        name,
        architecture,
        width,
        height,
        latentDims,
        channels,
        encoding,
        quantization,
        dataset,
        training,
        newEvaluation,
        parameterHash);
  }
}
