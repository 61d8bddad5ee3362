/**
 * Clustering quality against known campaigns: pairwise precision and recall, B-cubed F1 and the
 * adjusted Rand index. Every item is in exactly one predicted and one true cluster (a post no
 * campaign reached is a cluster of one).
 * @module
 */

/** Pairwise figures: pairs put together, and pairs that belong together. */
export interface PairwiseScores {
  precision: number;
  recall: number;
  f1: number;
  /** Pairs in the same predicted and the same true cluster. */
  truePairs: number;
  predictedPairs: number;
  actualPairs: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

function contingency(truth: ReadonlyMap<string, string>, predicted: ReadonlyMap<string, string>): { cells: Map<string, number>; rows: Map<string, number>; cols: Map<string, number>; n: number } {
  const cells = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  let n = 0;
  for (const [item, t] of truth) {
    const p = predicted.get(item) ?? `\u0000${item}`;
    const key = `${t}\u0000${p}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(t, (rows.get(t) ?? 0) + 1);
    cols.set(p, (cols.get(p) ?? 0) + 1);
    n++;
  }
  return { cells, rows, cols, n };
}

/**
 * Pairwise precision and recall (items of `truth`; an item missing from `predicted` is alone).
 * @example pairwiseScores(new Map([['a', 'x'], ['b', 'x']]), new Map([['a', '1'], ['b', '1']])).precision // 1
 */
export function pairwiseScores(truth: ReadonlyMap<string, string>, predicted: ReadonlyMap<string, string>): PairwiseScores {
  const { cells, rows, cols } = contingency(truth, predicted);
  let tp = 0;
  for (const v of cells.values()) tp += pairs(v);
  let pp = 0;
  for (const v of cols.values()) pp += pairs(v);
  let ap = 0;
  for (const v of rows.values()) ap += pairs(v);
  const precision = pp ? tp / pp : 1;
  const recall = ap ? tp / ap : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, truePairs: tp, predictedPairs: pp, actualPairs: ap };
}

/**
 * B-cubed precision, recall and F1 (averaged over items).
 * @example bcubedF1(new Map([['a', 'x'], ['b', 'y']]), new Map([['a', '1'], ['b', '1']])).precision // 0.5
 */
export function bcubedF1(truth: ReadonlyMap<string, string>, predicted: ReadonlyMap<string, string>): { precision: number; recall: number; f1: number } {
  const { cells, rows, cols, n } = contingency(truth, predicted);
  let p = 0;
  let r = 0;
  for (const [item, t] of truth) {
    const c = predicted.get(item) ?? `\u0000${item}`;
    const both = cells.get(`${t}\u0000${c}`)!;
    p += both / cols.get(c)!;
    r += both / rows.get(t)!;
  }
  const precision = n ? p / n : 1;
  const recall = n ? r / n : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/**
 * The adjusted Rand index: 1 for identical partitions, about 0 for chance agreement.
 * @example adjustedRandIndex(new Map([['a', 'x'], ['b', 'x'], ['c', 'y']]), new Map([['a', '1'], ['b', '1'], ['c', '2']])) // 1
 */
export function adjustedRandIndex(truth: ReadonlyMap<string, string>, predicted: ReadonlyMap<string, string>): number {
  const { cells, rows, cols, n } = contingency(truth, predicted);
  let index = 0;
  for (const v of cells.values()) index += pairs(v);
  let a = 0;
  for (const v of rows.values()) a += pairs(v);
  let b = 0;
  for (const v of cols.values()) b += pairs(v);
  const expected = pairs(n) ? (a * b) / pairs(n) : 0;
  const max = (a + b) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
