/**
 * What every part of the summary reads ({@link SummaryContext}), and the index helpers that pick
 * the posts of one group.
 * @module
 */
import { EVERYDAY_KINDS, type Label } from '../../taxonomy.js';
import type { Evaluation, SystemRun } from '../evaluate.js';
import type { SummaryMeta } from '../summarize.js';

/** The evaluation, where it came from, and what is derived once: truths, thresholds, systems that ran. */
export interface SummaryContext {
  ev: Evaluation;
  meta: SummaryMeta;
  /** Whether each record is an advert, in record order. */
  truths: boolean[];
  /** The advert threshold (the review threshold). */
  threshold: number;
  labelThreshold: (l: Label) => number;
  /** The systems that were run (they have scores), in report order. */
  ran: (SystemRun & { scores: number[] })[];
}

/** Builds the context of {@link SummaryContext}. */
export function summaryContext(ev: Evaluation, meta: SummaryMeta): SummaryContext {
  return {
    ev,
    meta,
    truths: ev.records.map((r) => r.advert),
    threshold: ev.thresholds.review,
    labelThreshold: (l: Label): number => ev.thresholds.labels[l] ?? 0.5,
    ran: ev.systems.filter((s): s is SystemRun & { scores: number[] } => s.scores !== null),
  };
}

/** A kind is a hard negative when it is not advert and not everyday (user kinds included). */
export const isHard = (kind: string | null): boolean =>
  kind !== null && kind !== 'advert' && !(EVERYDAY_KINDS as readonly string[]).includes(kind);

/** The items at the indices `idx`. */
export function pick<T>(xs: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => xs[i]!);
}

/** Indices per key, in first-seen order; null keys are left out. */
export function groupIndices(keys: readonly (string | null)[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (k === null) return;
    const list = m.get(k) ?? [];
    list.push(i);
    m.set(k, list);
  });
  return m;
}
