package io.compressnet.codec.engine;

/**
 * A plain, obviously-correct 2-D convolution in double precision (NCHW, cross-correlation as in
 * PyTorch). It is the yardstick the engine's results are checked against: by the gradient
 * self-check before training and by the forward-result tests.
 */
public final class ReferenceConv {

  private ReferenceConv() {}

  /**
   * @param x input, shape (n, c, h, w), flattened row-major
   * @param weight shape (f, c, k, k), flattened row-major
   * @param bias length f
   * @return output of shape (n, f, outH, outW), flattened row-major
   */
  public static double[] forward(
      double[] x,
      int n,
      int c,
      int h,
      int w,
      double[] weight,
      double[] bias,
      int f,
      int k,
      int stride,
      int pad) {
    int outH = (h + 2 * pad - k) / stride + 1;
    int outW = (w + 2 * pad - k) / stride + 1;
    double[] out = new double[n * f * outH * outW];
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < f; o++) {
        for (int oy = 0; oy < outH; oy++) {
          for (int ox = 0; ox < outW; ox++) {
            double sum = bias[o];
            for (int ci = 0; ci < c; ci++) {
              for (int ky = 0; ky < k; ky++) {
                int iy = oy * stride + ky - pad;
                if (iy < 0 || iy >= h) {
                  continue;
                }
                for (int kx = 0; kx < k; kx++) {
                  int ix = ox * stride + kx - pad;
                  if (ix < 0 || ix >= w) {
                    continue;
                  }
                  sum +=
                      x[((b * c + ci) * h + iy) * w + ix]
                          * weight[((o * c + ci) * k + ky) * k + kx];
                }
              }
            }
            out[((b * f + o) * outH + oy) * outW + ox] = sum;
          }
        }
      }
    }
    return out;
  }

  public static int outSize(int in, int k, int stride, int pad) {
    return (in + 2 * pad - k) / stride + 1;
  }
}
