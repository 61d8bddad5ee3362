/**
 * Precision at a prevalence: what a detector's recall and false-positive rate mean for the queue
 * when adverts are rare.
 * @module
 */
import { SmuggleScanError } from '../../errors.js';

/**
 * The precision a user should expect when adverts make up a fraction `prevalence` of the posts:
 * `recall·p / (recall·p + fpr·(1 − p))` (Bayes' rule with the detector's recall and false-positive
 * rate). Null when recall or FPR is unknown, or when nothing would be flagged (both are 0).
 * @example precisionAtPrevalence(0.9, 0.01, 0.001) // 0.0826...: at 1 in 1,000, 11 flags in 12 are false
 */
export function precisionAtPrevalence(recall: number | null, fpr: number | null, prevalence: number): number | null {
  if (recall === null || fpr === null) return null;
  if (!(prevalence > 0 && prevalence < 1)) throw new SmuggleScanError('INVALID_OPTIONS', `prevalence must be in (0, 1) (got ${prevalence}).`);
  const tp = recall * prevalence;
  const fp = fpr * (1 - prevalence);
  return tp + fp > 0 ? tp / (tp + fp) : null;
}
