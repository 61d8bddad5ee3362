/**
 * Fits the fusion stage's logistic combiners (src/fuse/logistic.ts applies them): an
 * L2-regularised logistic regression by full-batch Adam. Used by `npm run fit`
 * (models/train/fit-fusion.ts) on the train and dev splits; never on the test split.
 * @module
 */
import { sigmoid, type LogisticModel } from '../../src/fuse/logistic.js';

/** Options for {@link fitLogistic}. */
export interface FitOptions {
  l2?: number;
  epochs?: number;
  lr?: number;
  /** Per-example weights (e.g. to down-weight generated variants). */
  sampleWeights?: readonly number[];
}

/**
 * Fits by full-batch gradient descent with Adam; deterministic (zero init, fixed order).
 * @example fitLogistic([[0], [1]], [0, 1]).weights[0] > 0 // true
 */
export function fitLogistic(xs: readonly (readonly number[])[], ys: readonly number[], o: FitOptions = {}): LogisticModel {
  const n = xs.length;
  const d = xs[0]?.length ?? 0;
  const l2 = o.l2 ?? 1e-2;
  const epochs = o.epochs ?? 600;
  const lr = o.lr ?? 0.05;
  const sw = o.sampleWeights ?? xs.map(() => 1);
  const totalW = sw.reduce((a, b) => a + b, 0) || 1;
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((a, x) => a + x[j]!, 0) / Math.max(1, n));
  const std = Array.from({ length: d }, (_, j) => {
    const v = xs.reduce((a, x) => a + (x[j]! - mean[j]!) ** 2, 0) / Math.max(1, n);
    return Math.sqrt(v) > 1e-9 ? Math.sqrt(v) : 1;
  });
  const z = xs.map((x) => x.map((v, j) => (v - mean[j]!) / std[j]!));
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const m1 = new Array<number>(d + 1).fill(0);
  const m2 = new Array<number>(d + 1).fill(0);
  for (let t = 1; t <= epochs; t++) {
    const g = new Array<number>(d + 1).fill(0);
    for (let i = 0; i < n; i++) {
      let s = b;
      const zi = z[i]!;
      for (let j = 0; j < d; j++) s += w[j]! * zi[j]!;
      const err = (sigmoid(s) - ys[i]!) * sw[i]!;
      for (let j = 0; j < d; j++) g[j]! += err * zi[j]!;
      g[d]! += err;
    }
    for (let j = 0; j <= d; j++) {
      let gj = g[j]! / totalW;
      if (j < d) gj += l2 * w[j]!;
      m1[j] = 0.9 * m1[j]! + 0.1 * gj;
      m2[j] = 0.999 * m2[j]! + 0.001 * gj * gj;
      const step = (lr * (m1[j]! / (1 - 0.9 ** t))) / (Math.sqrt(m2[j]! / (1 - 0.999 ** t)) + 1e-8);
      if (j < d) w[j]! -= step;
      else b -= step;
    }
  }
  const r = (v: number): number => Math.round(v * 1e6) / 1e6;
  return { weights: w.map(r), bias: r(b), mean: mean.map(r), std: std.map(r) };
}
