/**
 * Calibration: reliability bins and the expected calibration error.
 * @module
 */
import { SmuggleScanError } from '../../errors.js';
import { check } from './input.js';

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
