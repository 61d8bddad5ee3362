/**
 * Threshold sweeps: the precision-recall and ROC curves, the areas under them, the operating
 * points picked on the PR curve, and thinning a curve for plotting.
 * @module
 */
import { check } from './input.js';

/** One point of a precision-recall curve. */
export interface PrPoint {
  /** Posts scoring at or above this are predicted positive. */
  threshold: number;
  precision: number;
  recall: number;
  tp: number;
  fp: number;
}

/** One point of a ROC curve. */
export interface RocPoint {
  threshold: number;
  fpr: number;
  tpr: number;
}

/** An operating point picked on the PR curve. */
export interface OperatingPoint {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Cumulative counts at each distinct score, descending. */
function sweep(scores: readonly number[], truths: readonly boolean[]): { threshold: number; tp: number; fp: number }[] {
  check(scores, truths);
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const out: { threshold: number; tp: number; fp: number }[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (truths[i]) tp++;
    else fp++;
    const next = order[k + 1];
    // Close a point only after the last post of a group of tied scores.
    if (next === undefined || scores[next] !== scores[i]) out.push({ threshold: scores[i]!, tp, fp });
  }
  return out;
}

/**
 * The precision-recall curve: one point per distinct score, thresholds descending. Empty when
 * there are no positives (recall is undefined).
 * @example prCurve([0.9, 0.4], [true, false]) // [{threshold: 0.9, precision: 1, recall: 1, ...}, {threshold: 0.4, precision: 0.5, recall: 1, ...}]
 */
export function prCurve(scores: readonly number[], truths: readonly boolean[]): PrPoint[] {
  const positives = truths.filter(Boolean).length;
  if (positives === 0) return (check(scores, truths), []);
  return sweep(scores, truths).map(({ threshold, tp, fp }) => ({ threshold, precision: tp / (tp + fp), recall: tp / positives, tp, fp }));
}

/**
 * Average precision (PR-AUC): Σₙ (Rₙ − Rₙ₋₁) · Pₙ over the PR curve, R₀ = 0 (scikit-learn's
 * `average_precision_score`; no interpolation). Null when there are no positives.
 * @example averagePrecision([0.9, 0.8, 0.7], [true, false, true]) // (1/2)·1 + (1/2)·(2/3) = 0.8333
 */
export function averagePrecision(scores: readonly number[], truths: readonly boolean[]): number | null {
  const curve = prCurve(scores, truths);
  if (!curve.length) return null;
  let ap = 0;
  let prev = 0;
  for (const p of curve) {
    ap += (p.recall - prev) * p.precision;
    prev = p.recall;
  }
  return ap;
}

/**
 * The ROC curve from (0, 0): one point per distinct score, thresholds descending; the first point
 * has threshold +Infinity. Empty when either class is missing.
 * @example rocCurve([0.9, 0.4], [true, false]) // (0,0), (0,1), (1,1)
 */
export function rocCurve(scores: readonly number[], truths: readonly boolean[]): RocPoint[] {
  const p = truths.filter(Boolean).length;
  const n = truths.length - p;
  if (p === 0 || n === 0) return (check(scores, truths), []);
  return [{ threshold: Infinity, fpr: 0, tpr: 0 }, ...sweep(scores, truths).map(({ threshold, tp, fp }) => ({ threshold, fpr: fp / n, tpr: tp / p }))];
}

/**
 * Area under the ROC curve: the chance that a random advert scores above a random non-advert,
 * ties counting one half (the trapezoidal area). Null when either class is missing.
 * @example rocAuc([0.9, 0.8, 0.7], [true, false, true]) // 0.5
 */
export function rocAuc(scores: readonly number[], truths: readonly boolean[]): number | null {
  const curve = rocCurve(scores, truths);
  if (!curve.length) return null;
  let area = 0;
  for (let k = 1; k < curve.length; k++) {
    const a = curve[k - 1]!;
    const b = curve[k]!;
    area += ((b.fpr - a.fpr) * (a.tpr + b.tpr)) / 2;
  }
  return area;
}

const f1Of = (p: PrPoint): number => (p.precision + p.recall === 0 ? 0 : (2 * p.precision * p.recall) / (p.precision + p.recall));
const point = (p: PrPoint): OperatingPoint => ({ threshold: p.threshold, precision: p.precision, recall: p.recall, f1: f1Of(p) });

/**
 * The best precision among thresholds whose recall is at least `minRecall` (e.g. 0.9: "if we
 * must catch 90% of adverts, how clean is the queue?"); ties go to the higher threshold. Null
 * when there are no positives.
 * @example precisionAtRecall([0.9, 0.8, 0.7], [true, false, true], 0.9) // { threshold: 0.7, precision: 0.667, recall: 1, ... }
 */
export function precisionAtRecall(scores: readonly number[], truths: readonly boolean[], minRecall: number): OperatingPoint | null {
  let best: PrPoint | null = null;
  for (const p of prCurve(scores, truths)) if (p.recall >= minRecall - 1e-12 && (!best || p.precision > best.precision)) best = p;
  return best ? point(best) : null;
}

/**
 * The best recall among thresholds whose precision is at least `minPrecision` (e.g. 0.95: "if
 * 95% of what we flag must be adverts, how many do we catch?"). Null when no threshold reaches
 * that precision, or there are no positives.
 * @example recallAtPrecision([0.9, 0.8, 0.7], [true, false, true], 0.95) // { threshold: 0.9, recall: 0.5, precision: 1, ... }
 */
export function recallAtPrecision(scores: readonly number[], truths: readonly boolean[], minPrecision: number): OperatingPoint | null {
  let best: PrPoint | null = null;
  for (const p of prCurve(scores, truths)) if (p.precision >= minPrecision - 1e-12 && (!best || p.recall > best.recall)) best = p;
  return best ? point(best) : null;
}

/**
 * The threshold (one of the scores) with the highest F1; ties go to the higher threshold. Null
 * when there are no positives.
 * @example bestF1([0.9, 0.8, 0.7], [true, false, true]) // { threshold: 0.7, f1: 0.8, precision: 0.667, recall: 1 }
 */
export function bestF1(scores: readonly number[], truths: readonly boolean[]): OperatingPoint | null {
  let best: PrPoint | null = null;
  for (const p of prCurve(scores, truths)) if (!best || f1Of(p) > f1Of(best) + 1e-12) best = p;
  return best ? point(best) : null;
}

/**
 * Thins a curve to at most `max` points for plotting, keeping the first and last points.
 * @example thin(prCurve(scores, truths), 200)
 */
export function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max || max < 2) return [...points];
  const out: T[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(points[Math.round(k * step)]!);
  return out;
}
