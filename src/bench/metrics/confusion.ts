/**
 * Counts at one threshold and their ratios: precision, recall, F1, false-positive rate, accuracy.
 * @module
 */
import { check, ratio } from './input.js';

/** Counts at one threshold. */
export interface Confusion {
  /** Adverts predicted as adverts. */
  tp: number;
  /** Non-adverts predicted as adverts. */
  fp: number;
  /** Non-adverts predicted as non-adverts. */
  tn: number;
  /** Adverts missed. */
  fn: number;
}

/** Ratios of a {@link Confusion}; `null` where the denominator is zero. */
export interface Ratios {
  /** TP / (TP + FP). */
  precision: number | null;
  /** TP / (TP + FN), the true-positive rate. */
  recall: number | null;
  /** 2·TP / (2·TP + FP + FN). */
  f1: number | null;
  /** FP / (FP + TN), the false-positive rate. */
  fpr: number | null;
  /** (TP + TN) / all. */
  accuracy: number | null;
}

/**
 * Counts TP, FP, TN and FN with "positive when score ≥ threshold".
 * @example confusionAt([0.9, 0.2], [true, true], 0.5) // { tp: 1, fp: 0, tn: 0, fn: 1 }
 */
export function confusionAt(scores: readonly number[], truths: readonly boolean[], threshold: number): Confusion {
  check(scores, truths);
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i]! >= threshold;
    if (truths[i]) p ? c.tp++ : c.fn++;
    else p ? c.fp++ : c.tn++;
  }
  return c;
}

/**
 * Precision, recall, F1, false-positive rate and accuracy of a confusion matrix.
 * @example ratios({ tp: 2, fp: 1, tn: 2, fn: 1 }) // precision 2/3, recall 2/3, f1 2/3, fpr 1/3
 */
export function ratios(c: Confusion): Ratios {
  return {
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    fpr: ratio(c.fp, c.fp + c.tn),
    accuracy: ratio(c.tp + c.tn, c.tp + c.fp + c.tn + c.fn),
  };
}
