package io.compressnet.bench.rd;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.compressnet.imaging.data.ImageSet;
import java.util.Random;

/**
 * Principal components of images (pixels in [0, 1]): the top {@code k} eigenvectors of the pixel
 * covariance, found by subspace iteration (the two large matrix products on PyTorch through DJL)
 * followed by a Rayleigh-Ritz step ({@link SymmetricEigen}). A sanity baseline for the learned
 * codec: a linear code of the same size.
 */
final class Pca {

  private static final int OVERSAMPLE = 16;
  private static final int ITERATIONS = 60;

  private final int pixels;
  private final double[] mean;
  private final double[][] components; // [k][pixels], orthonormal, by descending variance
  private final double[] variances;

  private Pca(int pixels, double[] mean, double[][] components, double[] variances) {
    this.pixels = pixels;
    this.mean = mean;
    this.components = components;
    this.variances = variances;
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
      byte[] image = train.images()[j];
      for (int i = 0; i < p; i++) {
        centered[j * p + i] = (float) ((image[i] & 0xFF) / 255.0 - mean[i]);
      }
    }
    double[][] basis = new double[m][p];
    Random random = new Random(42);
    for (double[] row : basis) {
      for (int i = 0; i < p; i++) {
        row[i] = random.nextGaussian();
      }
    }
    orthonormalize(basis);
    double[][] ritz;
    try (NDManager manager = Engine.getInstance().newBaseManager()) {
      NDArray x = manager.create(centered, new Shape(n, p));
      NDArray cov = x.transpose().matMul(x).div(n - 1);
      for (int it = 0; it < ITERATIONS; it++) {
        basis = rows(times(manager, cov, basis), m, p);
        orthonormalize(basis);
      }
      // Rayleigh-Ritz: T = Q^T C Q, whose eigenvectors rotate Q onto the eigenvectors of C.
      double[][] cq = rows(times(manager, cov, basis), m, p);
      ritz = new double[m][m];
      for (int a = 0; a < m; a++) {
        for (int b = 0; b < m; b++) {
          ritz[a][b] = dot(basis[a], cq[b]);
        }
      }
    }
    for (int a = 0; a < m; a++) {
      for (int b = a + 1; b < m; b++) {
        double sym = (ritz[a][b] + ritz[b][a]) / 2;
        ritz[a][b] = sym;
        ritz[b][a] = sym;
      }
    }
    SymmetricEigen.Result eigen = SymmetricEigen.of(ritz);
    double[][] components = new double[k][p];
    double[] variances = new double[k];
    for (int c = 0; c < k; c++) {
      variances[c] = eigen.values()[c];
      for (int a = 0; a < m; a++) {
        double w = eigen.vectors()[a][c];
        for (int i = 0; i < p; i++) {
          components[c][i] += w * basis[a][i];
        }
      }
    }
    return new Pca(p, mean, components, variances);
  }

  /** C times the basis vectors (as columns), returned row-major [pixels][m]. */
  private static float[] times(NDManager manager, NDArray cov, double[][] basis) {
    int m = basis.length;
    int p = basis[0].length;
    float[] q = new float[p * m];
    for (int a = 0; a < m; a++) {
      for (int i = 0; i < p; i++) {
        q[i * m + a] = (float) basis[a][i];
      }
    }
    try (NDManager sub = manager.newSubManager()) {
      NDArray result = cov.matMul(sub.create(q, new Shape(p, m)));
      result.attach(sub);
      return result.toFloatArray();
    }
  }

  private static double[][] rows(float[] columnsRowMajor, int m, int p) {
    double[][] out = new double[m][p];
    for (int i = 0; i < p; i++) {
      for (int a = 0; a < m; a++) {
        out[a][i] = columnsRowMajor[i * m + a];
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
      for (int a = 0; a < basis.length; a++) {
        for (int attempt = 0; ; attempt++) {
          for (int b = 0; b < a; b++) {
            double d = dot(basis[a], basis[b]);
            for (int i = 0; i < basis[a].length; i++) {
              basis[a][i] -= d * basis[b][i];
            }
          }
          double norm = Math.sqrt(dot(basis[a], basis[a]));
          if (norm > 1e-9 || attempt == 10) {
            for (int i = 0; i < basis[a].length; i++) {
              basis[a][i] /= norm;
            }
            break;
          }
          for (int i = 0; i < basis[a].length; i++) {
            basis[a][i] = random.nextGaussian();
          }
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

  /** Variance along each component, descending. */
  double[] variances() {
    return variances.clone();
  }

  /** The first {@code k} coordinates of an image. */
  float[] project(byte[] image, int k) {
    float[] out = new float[k];
    for (int c = 0; c < k; c++) {
      double s = 0;
      double[] comp = components[c];
      for (int i = 0; i < pixels; i++) {
        s += ((image[i] & 0xFF) / 255.0 - mean[i]) * comp[i];
      }
      out[c] = (float) s;
    }
    return out;
  }

  /** The 8-bit image of the given coordinates (clamped to [0, 1], rounded). */
  byte[] reconstruct(float[] latent) {
    double[] x = mean.clone();
    for (int c = 0; c < latent.length; c++) {
      double[] comp = components[c];
      double l = latent[c];
      for (int i = 0; i < pixels; i++) {
        x[i] += l * comp[i];
      }
    }
    byte[] out = new byte[pixels];
    for (int i = 0; i < pixels; i++) {
      out[i] = (byte) Math.round(Math.max(0, Math.min(1, x[i])) * 255);
    }
    return out;
  }
}
