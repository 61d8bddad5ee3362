/**
 * A small logistic regression: the fusion stage's learned combiner, as applied at run time. Its
 * fitting code is training-side: models/train/logistic-fit.ts, run by `npm run fit`.
 * @module
 */

/** A fitted logistic model over standardised features. */
export interface LogisticModel {
  weights: number[];
  bias: number;
  mean: number[];
  std: number[];
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
export const logit = (p: number, eps = 1e-4): number => {
  const q = Math.min(1 - eps, Math.max(eps, p));
  return Math.log(q / (1 - q));
};

/** P(y = 1 | x) under `m`. */
export function predict(m: LogisticModel, x: readonly number[]): number {
  let z = m.bias;
  for (let i = 0; i < m.weights.length; i++) z += m.weights[i]! * (((x[i] ?? 0) - m.mean[i]!) / m.std[i]!);
  return sigmoid(z);
}
