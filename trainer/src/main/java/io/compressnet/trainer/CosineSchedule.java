package io.compressnet.trainer;

import ai.djl.training.tracker.ParameterTracker;

/**
 * Learning rate: linear warm-up, then cosine decay from the peak to the floor. Progress is the
 * larger of steps done / planned steps and time used / time budget, so a run with a wall-clock
 * budget still finishes its decay (and its best weights) on time instead of being cut off at a high
 * learning rate.
 */
public final class CosineSchedule implements ParameterTracker {

  private final float peak;
  private final float floor;
  private final long plannedSteps;
  private final long warmupSteps;
  private final long budgetNanos;
  private final long startNanos;

  public CosineSchedule(float peak, float floor, long plannedSteps, double budgetMinutes) {
    this.peak = peak;
    this.floor = floor;
    this.plannedSteps = Math.max(1, plannedSteps);
    // 5 % of the run, at most 500 steps, but at least a quarter of a short run (up to 100 steps):
    // a few full-rate Adam steps on a fresh network can push the sigmoid output into saturation
    // (an all-black image, zero gradient) from which it never recovers.
    this.warmupSteps =
        Math.min(500, Math.max(this.plannedSteps / 20, Math.min(100, this.plannedSteps / 4)));
    this.budgetNanos = budgetMinutes > 0 ? (long) (budgetMinutes * 60e9) : 0;
    this.startNanos = System.nanoTime();
  }

  /** Fraction of the run done, in [0, 1]. */
  public double progress(long step) {
    double byStep = (double) step / plannedSteps;
    double byTime = budgetNanos > 0 ? (double) (System.nanoTime() - startNanos) / budgetNanos : 0;
    return Math.min(1.0, Math.max(byStep, byTime));
  }

  public float rate(long step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    double p = progress(step);
    return (float) (floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * p)));
  }

  @Override
  public float getNewValue(String parameterId, int numUpdate) {
    return rate(numUpdate);
  }
}
