package dev.bellwether.classifier.train;

/**
 * Per-dimension mean and spread of the training vectors; heads learn on standardised inputs and
 * the standardisation is folded into the first layer on export.
 *
 * @param mean per-dimension mean
 * @param scale per-dimension 1 / standard deviation
 */
record Standardizer(float[] mean, float[] scale) {

  static Standardizer fit(float[][] x) {
    int d = x[0].length;
    double[] sum = new double[d];
    double[] sq = new double[d];
    for (float[] row : x) {
      for (int i = 0; i < d; i++) {
        sum[i] += row[i];
        sq[i] += (double) row[i] * row[i];
      }
    }
    float[] mean = new float[d];
    float[] scale = new float[d];
    for (int i = 0; i < d; i++) {
      double m = sum[i] / x.length;
      double var = Math.max(sq[i] / x.length - m * m, 0);
      mean[i] = (float) m;
      scale[i] = (float) (1.0 / Math.sqrt(var + 1e-8));
    }
    return new Standardizer(mean, scale);
  }

  float[][] apply(float[][] x) {
    float[][] out = new float[x.length][];
    for (int r = 0; r < x.length; r++) {
      float[] row = new float[x[r].length];
      for (int i = 0; i < row.length; i++) {
        row[i] = (x[r][i] - mean[i]) * scale[i];
      }
      out[r] = row;
    }
    return out;
  }
}
