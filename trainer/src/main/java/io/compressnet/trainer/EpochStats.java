package io.compressnet.trainer;

/**
 * One epoch of a training run.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training MSE (with latent noise) over the epoch
 * @param validationLoss MSE on the held-out images (no noise, no quantization)
 * @param learningRate learning rate at the end of the epoch
 * @param seconds wall-clock time of the epoch's training steps
 * @param imagesPerSecond training throughput
 */
public record EpochStats(
    int epoch,
    double trainLoss,
    double validationLoss,
    double learningRate,
    double seconds,
    double imagesPerSecond) {}
