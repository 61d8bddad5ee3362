/**
 * What every metric checks first, and the one ratio convention: internal to `metrics/`, not
 * exported from `smugglescan/bench`.
 * @module
 */
import { SmuggleScanError } from '../../errors.js';

/** Throws `INVALID_INPUT` unless there is one truth per score and every score is finite. */
export function check(scores: readonly number[], truths: readonly boolean[]): void {
  if (scores.length !== truths.length) {
    throw new SmuggleScanError('INVALID_INPUT', `metrics: ${scores.length} scores but ${truths.length} truths; pass one truth per score.`);
  }
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!Number.isFinite(s)) throw new SmuggleScanError('INVALID_INPUT', `metrics: scores[${i}] is ${s}; scores must be finite numbers.`);
  }
}

/** `a / b`, or null when `b` is zero (never a made-up 0 or 1). */
export const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
