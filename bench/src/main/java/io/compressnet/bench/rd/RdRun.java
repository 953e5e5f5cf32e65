package io.compressnet.bench.rd;

import java.util.List;

/** A whole benchmark run: what was measured on what, and the points. */
public record RdRun(
    String command,
    String images,
    int imageCount,
    int width,
    int height,
    String trainImages,
    int trainCount,
    boolean pcaFitted,
    List<String> models,
    String startedAt,
    String javaVersion,
    int cores,
    int threads,
    String loadNote,
    List<String> warnings,
    List<RdPoint> points) {}
