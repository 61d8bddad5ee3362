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
 * @module
 */
import { SmuggleScanError } from '../errors.js';

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

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  /** The bin is `[lo, hi)`; the last bin includes 1. */
  lo: number;
  hi: number;
  count: number;
  /** Mean score in the bin (the model's confidence); null for an empty bin. */
  meanScore: number | null;
  /** Fraction of positives in the bin (what happened); null for an empty bin. */
  fractionPositive: number | null;
}

/** Expected calibration error and the bins it was computed from. */
export interface Calibration {
  /** Σ over bins of (count / n) · |fractionPositive − meanScore|; null when there are no posts. */
  ece: number | null;
  bins: ReliabilityBin[];
}

function check(scores: readonly number[], truths: readonly boolean[]): void {
  if (scores.length !== truths.length) {
    throw new SmuggleScanError('INVALID_INPUT', `metrics: ${scores.length} scores but ${truths.length} truths; pass one truth per score.`);
  }
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!Number.isFinite(s)) throw new SmuggleScanError('INVALID_INPUT', `metrics: scores[${i}] is ${s}; scores must be finite numbers.`);
  }
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

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
 * Reliability bins and the expected calibration error (ECE), `bins` equal-width bins over [0, 1]
 * (default 10): bin b holds scores in `[b/bins, (b+1)/bins)`, the last one also holds 1.
 * @example calibration([0.95, 0.05], [true, false]).ece // 0.05
 */
export function calibration(scores: readonly number[], truths: readonly boolean[], bins = 10): Calibration {
  check(scores, truths);
  if (!Number.isInteger(bins) || bins < 1) throw new SmuggleScanError('INVALID_INPUT', `calibration: bins must be a positive integer (got ${bins}).`);
  const count = new Array<number>(bins).fill(0);
  const sum = new Array<number>(bins).fill(0);
  const pos = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const s = Math.min(1, Math.max(0, scores[i]!));
    // The epsilon keeps k/bins in bin k despite floating point (0.7 * 10 = 7.000000000000001 is fine, but not every k/bins is).
    const b = Math.min(bins - 1, Math.floor(s * bins + 1e-9));
    count[b]!++;
    sum[b]! += s;
    if (truths[i]) pos[b]!++;
  }
  const n = scores.length;
  let ece = 0;
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = count[b]!;
    const meanScore = c ? sum[b]! / c : null;
    const fractionPositive = c ? pos[b]! / c : null;
    if (c) ece += (c / n) * Math.abs(fractionPositive! - meanScore!);
    out.push({ lo: b / bins, hi: (b + 1) / bins, count: c, meanScore, fractionPositive });
  }
  return { ece: n ? ece : null, bins: out };
}

/**
 * The q-quantile (q in [0, 1]) by linear interpolation between closest ranks (numpy's default).
 * Null for no values.
 * @example quantile([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const pos = Math.min(1, Math.max(0, q)) * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
}

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

/** Language identification, scored against a gold language column. */
export interface LanguageIdReport {
  n: number;
  correct: number;
  accuracy: number | null;
  /** Per gold language, most frequent first: support, accuracy, and what it was taken for. */
  perLanguage: { lang: string; n: number; correct: number; accuracy: number; confusedWith: { lang: string; count: number }[] }[];
}

/**
 * Language-identification accuracy: `predicted[i]` against `gold[i]`, and for each gold language
 * the codes it was mistaken for (most frequent first, at most `maxConfusions`).
 * @example languageIdReport(['eng', 'fra', 'und'], ['eng', 'fra', 'fra']).accuracy // 2/3
 */
export function languageIdReport(predicted: readonly string[], gold: readonly string[], maxConfusions = 3): LanguageIdReport {
  if (predicted.length !== gold.length) {
    throw new SmuggleScanError('INVALID_INPUT', `languageIdReport: ${predicted.length} predictions but ${gold.length} gold codes.`);
  }
  const by = new Map<string, { n: number; correct: number; wrong: Map<string, number> }>();
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i]!;
    const p = predicted[i]!;
    const e = by.get(g) ?? { n: 0, correct: 0, wrong: new Map<string, number>() };
    by.set(g, e);
    e.n++;
    if (p === g) {
      e.correct++;
      correct++;
    } else e.wrong.set(p, (e.wrong.get(p) ?? 0) + 1);
  }
  const perLanguage = [...by.entries()]
    .map(([lang, e]) => ({
      lang,
      n: e.n,
      correct: e.correct,
      accuracy: e.correct / e.n,
      confusedWith: [...e.wrong.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, maxConfusions)
        .map(([l, count]) => ({ lang: l, count })),
    }))
    .sort((a, b) => b.n - a.n || a.lang.localeCompare(b.lang));
  return { n: gold.length, correct, accuracy: ratio(correct, gold.length), perLanguage };
}

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

/**
 * The Wilson score interval (95 % by default) of a proportion `k / n`; null when `n` is 0. Useful
 * for small counts: 0 flags in 500 posts is "at most about 0.77 %", not "0 %".
 * @example wilsonInterval(0, 500) // [0, 0.00762...]
 */
export function wilsonInterval(k: number, n: number, z = 1.959964): [number, number] | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
