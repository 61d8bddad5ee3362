/**
 * The benchmark's metrics, as small pure functions over `(scores, truths)`: a score in [0, 1] per
 * post and whether the post really is an advert (or carries a label). Every figure in a bench
 * report comes from here; `tests/bench/metrics.test.ts` checks each one against values computed by
 * hand.
 *
 * Conventions, the same as scikit-learn's where one exists:
 * - A post is predicted positive when its score is **at or above** the threshold.
 * - A ratio whose denominator is zero is `null` (e.g. recall on a group with no adverts), never a
 *   made-up 0 or 1. F1 is `2·TP / (2·TP + FP + FN)`, so it is 0 (not null) when there are
 *   positives but nothing was found.
 * - Curves have one point per distinct score, thresholds descending; tied scores move together.
 *
 * The functions live in `metrics/` by what they compute: `confusion` (counts and ratios at one
 * threshold), `curves` (PR and ROC curves, their areas, operating points), `calibration`,
 * `intervals` (quantiles, Wilson intervals), `prevalence` (expected precision) and `language-id`.
 * This file gathers them and adds {@link binaryReport}, every binary figure in one call.
 * @module
 */
import { calibration } from './metrics/calibration.js';
import { confusionAt, ratios, type Confusion, type Ratios } from './metrics/confusion.js';
import { averagePrecision, bestF1, precisionAtRecall, recallAtPrecision, rocAuc, type OperatingPoint } from './metrics/curves.js';

export { confusionAt, ratios, type Confusion, type Ratios } from './metrics/confusion.js';
export { averagePrecision, bestF1, precisionAtRecall, prCurve, recallAtPrecision, rocAuc, rocCurve, thin, type OperatingPoint, type PrPoint, type RocPoint } from './metrics/curves.js';
export { calibration, type Calibration, type ReliabilityBin } from './metrics/calibration.js';
export { quantile, wilsonInterval } from './metrics/intervals.js';
export { precisionAtPrevalence } from './metrics/prevalence.js';
export { languageIdReport, type LanguageIdReport } from './metrics/language-id.js';

/** Everything about one binary detector at one threshold. */
export interface BinaryReport extends Ratios {
  n: number;
  positives: number;
  threshold: number;
  confusion: Confusion;
  /** Average precision. */
  prAuc: number | null;
  rocAuc: number | null;
  /** Best precision with recall ≥ 0.9. */
  precisionAtRecall90: OperatingPoint | null;
  /** Best recall with precision ≥ 0.95. */
  recallAtPrecision95: OperatingPoint | null;
  bestF1: OperatingPoint | null;
  /** ECE over 10 bins. */
  ece: number | null;
}

/**
 * Every binary metric of a detector in one call.
 * @example binaryReport([0.9, 0.8, 0.7], [true, false, true], 0.75).f1 // 0.5
 */
export function binaryReport(scores: readonly number[], truths: readonly boolean[], threshold: number): BinaryReport {
  const confusion = confusionAt(scores, truths, threshold);
  return {
    n: scores.length,
    positives: truths.filter(Boolean).length,
    threshold,
    confusion,
    ...ratios(confusion),
    prAuc: averagePrecision(scores, truths),
    rocAuc: rocAuc(scores, truths),
    precisionAtRecall90: precisionAtRecall(scores, truths, 0.9),
    recallAtPrecision95: recallAtPrecision(scores, truths, 0.95),
    bestF1: bestF1(scores, truths),
    ece: calibration(scores, truths, 10).ece,
  };
}
