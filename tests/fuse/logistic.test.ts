/**
 * The fusion stage's logistic regression: `predict` on a hand-set model, and `fitLogistic`
 * recovering known weights, separating separable data, honouring sample weights, and staying
 * deterministic and finite on degenerate input.
 */
import { describe, expect, it } from 'vitest';
import { fitLogistic } from '../../models/train/logistic-fit.js';
import { logit, predict, sigmoid, type LogisticModel } from '../../src/fuse/logistic.js';
import { mulberry32 } from '../../src/hash.js';

/** Uniform floats in [0, 1) from a fixed seed. */
function uniform(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 2 ** 32;
}

/** The fitted model's weights and bias in the units of the raw features (it fits standardised ones). */
function rawWeights(m: LogisticModel): { weights: number[]; bias: number } {
  const weights = m.weights.map((w, j) => w / m.std[j]!);
  return { weights, bias: m.bias - weights.reduce((a, w, j) => a + w * m.mean[j]!, 0) };
}

describe('predict, sigmoid and logit', () => {
  it('predict standardises each feature with the model mean and std', () => {
    const m: LogisticModel = { weights: [2, -1], bias: -1, mean: [1, 0], std: [2, 4] };
    // z = -1 + 2 * (3 - 1) / 2 - 1 * (8 - 0) / 4 = -1
    expect(predict(m, [3, 8])).toBeCloseTo(sigmoid(-1), 12);
    // A missing feature reads as 0: z = -1 + 2 * (3 - 1) / 2 = 1
    expect(predict(m, [3])).toBeCloseTo(sigmoid(1), 12);
  });

  it('logit inverts sigmoid and clamps 0 and 1 to finite values', () => {
    for (const z of [-5, -1, 0, 0.5, 3]) expect(logit(sigmoid(z))).toBeCloseTo(z, 9);
    expect(logit(0)).toBeCloseTo(Math.log(1e-4 / (1 - 1e-4)), 9);
    expect(logit(1)).toBeCloseTo(-Math.log(1e-4 / (1 - 1e-4)), 9);
    expect(sigmoid(0)).toBe(0.5);
  });
});

describe('fitLogistic', () => {
  it('recovers the weights of a known logistic model from its samples', () => {
    const truth = { weights: [1.5, -2, 0.5], bias: -0.5 };
    const u = uniform(18);
    const xs: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i < 6000; i++) {
      const x = [u() * 4 - 2, u() * 4 - 2, u() * 4 - 2];
      xs.push(x);
      ys.push(u() < sigmoid(truth.bias + x.reduce((a, v, j) => a + v * truth.weights[j]!, 0)) ? 1 : 0);
    }
    const fit = rawWeights(fitLogistic(xs, ys, { l2: 0, epochs: 1500 }));
    for (const [j, w] of truth.weights.entries()) expect(Math.abs(fit.weights[j]! - w), `weight ${j}: ${fit.weights[j]}`).toBeLessThan(0.2);
    expect(Math.abs(fit.bias - truth.bias), `bias ${fit.bias}`).toBeLessThan(0.2);
  });

  it('separates linearly separable data, with weights of the separating direction', () => {
    const u = uniform(7);
    const xs: number[][] = [];
    const ys: number[] = [];
    while (xs.length < 400) {
      const x = [u() * 2 - 1, u() * 2 - 1];
      const margin = 2 * x[0]! - x[1]!;
      if (Math.abs(margin) < 0.1) continue;
      xs.push(x);
      ys.push(margin > 0 ? 1 : 0);
    }
    const m = fitLogistic(xs, ys, { l2: 1e-4, epochs: 2000 });
    const right = xs.filter((x, i) => (predict(m, x) >= 0.5 ? 1 : 0) === ys[i]).length;
    expect(right).toBe(xs.length);
    const raw = rawWeights(m);
    expect(raw.weights[0]).toBeGreaterThan(0);
    expect(raw.weights[1]).toBeLessThan(0);
    // The boundary 2 x0 - x1 = 0: the ratio of the weights is about -2.
    expect(raw.weights[0]! / raw.weights[1]!).toBeGreaterThan(-2.3);
    expect(raw.weights[0]! / raw.weights[1]!).toBeLessThan(-1.7);
  });

  it('sample weights move the fit to the weighted share of positives', () => {
    // At x = 0 one positive and one negative, at x = 1 the same: unweighted, both points are 50/50.
    const xs = [[0], [0], [1], [1]];
    const ys = [0, 1, 0, 1];
    const plain = fitLogistic(xs, ys, { l2: 0, epochs: 3000 });
    expect(predict(plain, [0])).toBeCloseTo(0.5, 2);
    expect(predict(plain, [1])).toBeCloseTo(0.5, 2);
    // Weighted 3:1 for the negative at x = 0 and 1:3 at x = 1: the likelihood is highest at 1/4 and 3/4.
    const weighted = fitLogistic(xs, ys, { l2: 0, epochs: 3000, sampleWeights: [3, 1, 1, 3] });
    expect(predict(weighted, [0])).toBeCloseTo(0.25, 2);
    expect(predict(weighted, [1])).toBeCloseTo(0.75, 2);
  });

  it('a weight of 0 drops a row from the likelihood', () => {
    const xs = [[0], [0], [1], [1], [1]];
    const ys = [0, 0, 1, 1, 0];
    const m = fitLogistic(xs, ys, { l2: 0, epochs: 3000, sampleWeights: [1, 1, 1, 1, 0] });
    const all = fitLogistic(xs, ys, { l2: 0, epochs: 3000 });
    // Without the last row x = 1 is all positive; with it, 2 of 3.
    expect(predict(m, [1])).toBeGreaterThan(0.9);
    expect(predict(all, [1])).toBeCloseTo(2 / 3, 1);
  });

  it('L2 shrinks the weights', () => {
    const xs = [[0], [0], [1], [1]];
    const ys = [0, 0, 1, 1];
    const loose = fitLogistic(xs, ys, { l2: 1e-3 });
    const tight = fitLogistic(xs, ys, { l2: 1 });
    expect(Math.abs(tight.weights[0]!)).toBeLessThan(Math.abs(loose.weights[0]!));
    expect(tight.weights[0]).toBeGreaterThan(0);
  });

  it('is deterministic, rounds to 6 decimals and keeps a constant feature finite (std 1)', () => {
    const xs = [[1, 5], [2, 5], [3, 5], [4, 5]];
    const ys = [0, 0, 1, 1];
    const a = fitLogistic(xs, ys);
    expect(fitLogistic(xs, ys)).toEqual(a);
    expect(a.mean).toEqual([2.5, 5]);
    expect(a.std).toEqual([1.118034, 1]);
    expect(a.weights[1]).toBe(0);
    for (const v of [...a.weights, a.bias]) expect(Math.round(v * 1e6) / 1e6).toBe(v);
  });

  it('an empty training set gives an empty model that predicts 0.5', () => {
    const m = fitLogistic([], []);
    expect(m).toEqual({ weights: [], bias: 0, mean: [], std: [] });
    expect(predict(m, [])).toBe(0.5);
  });
});
