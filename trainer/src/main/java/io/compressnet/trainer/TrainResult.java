package io.compressnet.trainer;

import io.compressnet.codec.bundle.ModelBundle;
import java.util.List;

/**
 * What a training run produced.
 *
 * @param bundle the written bundle, loaded back
 * @param history one entry per epoch
 * @param bestEpoch epoch whose weights were kept
 * @param stopReason why training ended (epochs done, early stop, time budget)
 * @param seconds total wall-clock time including data loading and quantizer fitting
 */
public record TrainResult(
    ModelBundle bundle,
    List<EpochStats> history,
    int bestEpoch,
    String stopReason,
    double seconds) {}
