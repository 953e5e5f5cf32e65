package io.compressnet.bench.rd;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.quant.AffineInt8Quantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Principal components of images (pixels in [0, 1]) as a linear baseline of the learned codec: a
 * code of the same size. The top {@code k} eigenvectors of the pixel covariance are found by
 * subspace iteration (the large matrix products on PyTorch through DJL) and a Rayleigh-Ritz step
 * (cyclic Jacobi on the small projected matrix).
 *
 * @param components {@code [k][pixels]}, orthonormal, by descending variance
 * @param variances variance along each component, descending
 */
record Pca(double[] mean, double[][] components, double[] variances) {

  private static final int OVERSAMPLE = 16;
  private static final int ITERATIONS = 60;

  /**
   * PCA at several latent sizes: coordinates INT8-quantized per dimension (range fitted on the
   * fitting images' coordinates, 0.1 / 99.9 percentiles as CompressNet does), sent fixed-length and
   * range-coded.
   */
  static List<RdPoint> rows(
      ImageSet train, ImageSet images, int[] dims, UnaryOperator<RdPoint> print) {
    Pca pca = fit(train, Arrays.stream(dims).max().orElseThrow());
    List<RdPoint> points = new ArrayList<>();
    byte[][] all = images.images();
    int n = all.length;
    for (int k : dims) {
      float[][] trainLatents =
          Arrays.stream(train.images()).map(im -> pca.project(im, k)).toArray(float[][]::new);
      AffineInt8Quantizer quantizer = AffineInt8Quantizer.fit(trainLatents, 0.1, 99.9);
      SteppedQuantizer int8 = new SteppedQuantizer(quantizer, 1);
      float[][] evalLatents = new float[n][];
      int[][] codes = new int[n][];
      byte[][] decoded = new byte[n][];
      Rates.Speeds speeds =
          Rates.time(
              n,
              true,
              i -> codes[i] = int8.quantize(evalLatents[i] = pca.project(all[i], k)),
              i -> decoded[i] = pca.reconstruct(int8.dequantize(codes[i])));
      String name = "PCA-" + k;
      String note = "fixed-length; " + train.size() + " fitting images";
      points.add(
          print.apply(
              RdPoint.measured(
                  "PCA",
                  "PCA",
                  name + " INT8",
                  k,
                  k,
                  CodecRunner.score(images, decoded),
                  speeds,
                  false,
                  note)));
      new LatentRd(
              "PCA",
              name,
              quantizer,
              latents -> Arrays.stream(latents).map(pca::reconstruct).toArray(byte[][]::new),
              trainLatents,
              evalLatents,
              images,
              speeds)
          .run(new int[] {1}, false)
          .forEach(p -> points.add(print.apply(p)));
    }
    return points;
  }

  static Pca fit(ImageSet train, int k) {
    int n = train.size();
    int p = train.pixelsPerImage();
    int m = Math.min(p, k + OVERSAMPLE);
    if (k < 1 || k > p || n < 2) {
      throw new IllegalArgumentException("need 1 <= k <= pixels and 2+ images, got k=" + k);
    }
    double[] mean = new double[p];
    for (byte[] image : train.images()) {
      for (int i = 0; i < p; i++) {
        mean[i] += (image[i] & 0xFF) / 255.0;
      }
    }
    for (int i = 0; i < p; i++) {
      mean[i] /= n;
    }
    float[] centered = new float[n * p];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < p; i++) {
        centered[j * p + i] = (float) ((train.images()[j][i] & 0xFF) / 255.0 - mean[i]);
      }
    }
    double[][] basis = new double[m][p];
    Random random = new Random(42);
    for (double[] row : basis) {
      Arrays.setAll(row, i -> random.nextGaussian());
    }
    orthonormalize(basis);
    double[][] ritz = new double[m][m];
    try (NDManager manager = Engine.getInstance().newBaseManager()) {
      NDArray x = manager.create(centered, new Shape(n, p));
      NDArray cov = x.transpose().matMul(x).div(n - 1);
      for (int it = 0; it < ITERATIONS; it++) {
        basis = times(manager, cov, basis);
        orthonormalize(basis);
      }
      // Rayleigh-Ritz: T = Q^T C Q, whose eigenvectors rotate Q onto the eigenvectors of C.
      double[][] cq = times(manager, cov, basis);
      for (int a = 0; a < m; a++) {
        for (int b = 0; b < m; b++) {
          ritz[a][b] = dot(basis[a], cq[b]);
        }
      }
    }
    for (int a = 0; a < m; a++) {
      for (int b = a + 1; b < m; b++) {
        ritz[a][b] = ritz[b][a] = (ritz[a][b] + ritz[b][a]) / 2;
      }
    }
    double[][] vectors = new double[m][];
    double[] values = eigen(ritz, vectors);
    double[][] components = new double[k][p];
    for (int c = 0; c < k; c++) {
      for (int a = 0; a < m; a++) {
        for (int i = 0; i < p; i++) {
          components[c][i] += vectors[a][c] * basis[a][i];
        }
      }
    }
    return new Pca(mean, components, Arrays.copyOf(values, k));
  }

  /** C times each basis vector, as rows again. */
  private static double[][] times(NDManager manager, NDArray cov, double[][] basis) {
    int m = basis.length;
    int p = basis[0].length;
    float[] q = new float[p * m];
    for (int a = 0; a < m; a++) {
      for (int i = 0; i < p; i++) {
        q[i * m + a] = (float) basis[a][i];
      }
    }
    float[] product;
    try (NDManager sub = manager.newSubManager()) {
      NDArray result = cov.matMul(sub.create(q, new Shape(p, m)));
      result.attach(sub);
      product = result.toFloatArray();
    }
    double[][] out = new double[m][p];
    for (int i = 0; i < p; i++) {
      for (int a = 0; a < m; a++) {
        out[a][i] = product[i * m + a];
      }
    }
    return out;
  }

  /**
   * Modified Gram-Schmidt, twice for numerical safety. A vector that vanishes (the covariance has
   * lower rank than the basis, e.g. pixels that never change) is replaced by a random one, so the
   * basis stays orthonormal; its Ritz value then comes out as ~0.
   */
  private static void orthonormalize(double[][] basis) {
    Random random = new Random(basis.length);
    for (int pass = 0; pass < 2; pass++) {
      for (double[] v : basis) {
        for (int attempt = 0; ; attempt++) {
          for (double[] done : basis) {
            if (done == v) {
              break;
            }
            double d = dot(v, done);
            for (int i = 0; i < v.length; i++) {
              v[i] -= d * done[i];
            }
          }
          double norm = Math.sqrt(dot(v, v));
          if (norm > 1e-9 || attempt == 10) {
            for (int i = 0; i < v.length; i++) {
              v[i] /= norm;
            }
            break;
          }
          Arrays.setAll(v, i -> random.nextGaussian());
        }
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * Eigenvalues (descending) of a small symmetric matrix by cyclic Jacobi rotations, O(n^3) per
   * sweep; their eigenvectors go into the matching columns of {@code vectors} (n rows).
   */
  static double[] eigen(double[][] symmetric, double[][] vectors) {
    int n = symmetric.length;
    double[][] a = Arrays.stream(symmetric).map(double[]::clone).toArray(double[][]::new);
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0;
        sweep < 100 && offDiagonal(a) > 1e-22 * Math.max(1e-300, diagonal(a));
        sweep++) {
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] != 0) {
            // Zeroes a[p][q] with one rotation (the classic stable form via t = tan(theta)).
            double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
            double t =
                theta == 0
                    ? 1
                    : Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
            double c = 1 / Math.sqrt(t * t + 1);
            double s = t * c;
            for (int k = 0; k < n; k++) {
              rotate(a[k], p, q, c, s);
            }
            rotate(a[p], a[q], c, s);
            for (int k = 0; k < n; k++) {
              rotate(v[k], p, q, c, s);
            }
          }
        }
      }
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
    double[] values = new double[n];
    for (int k = 0; k < n; k++) {
      values[k] = a[order[k]][order[k]];
    }
    for (int i = 0; i < n; i++) {
      vectors[i] = new double[n];
      for (int k = 0; k < n; k++) {
        vectors[i][k] = v[i][order[k]];
      }
    }
    return values;
  }

  private static void rotate(double[] row, int p, int q, double c, double s) {
    double xp = row[p];
    double xq = row[q];
    row[p] = c * xp - s * xq;
    row[q] = s * xp + c * xq;
  }

  private static void rotate(double[] p, double[] q, double c, double s) {
    for (int k = 0; k < p.length; k++) {
      double xp = p[k];
      double xq = q[k];
      p[k] = c * xp - s * xq;
      q[k] = s * xp + c * xq;
    }
  }

  private static double offDiagonal(double[][] a) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        sum += i == j ? 0 : a[i][j] * a[i][j];
      }
    }
    return sum;
  }

  private static double diagonal(double[][] a) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i][i] * a[i][i];
    }
    return sum;
  }

  float[] project(byte[] image, int k) {
    float[] out = new float[k];
    for (int c = 0; c < k; c++) {
      double s = 0;
      for (int i = 0; i < mean.length; i++) {
        s += ((image[i] & 0xFF) / 255.0 - mean[i]) * components[c][i];
      }
      out[c] = (float) s;
    }
    return out;
  }

  /** The 8-bit image of the given coordinates (clamped to [0, 1], rounded). */
  byte[] reconstruct(float[] latent) {
    double[] x = mean.clone();
    for (int c = 0; c < latent.length; c++) {
      for (int i = 0; i < x.length; i++) {
        x[i] += latent[c] * components[c][i];
      }
    }
    byte[] out = new byte[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (byte) Math.round(Math.max(0, Math.min(1, x[i])) * 255);
    }
    return out;
  }
}
