/**
 * Near-duplicate templates: the weighted Jaccard of two posts' masked shingles, and where the
 * shared text is in each post (the longest run of shingles the other post also has).
 * @module
 */
import { weightedJaccard } from './minhash.js';

/** Shingles of one post, in text order, with their input spans. */
export interface ShingledPost {
  shingles: Uint32Array;
  starts: Uint32Array;
  ends: Uint32Array;
}

/**
 * Weighted Jaccard between a post's distinct shingles and another post's shingles.
 * @example templateSimilarity(new Set([1, 2, 3]), new Uint32Array([1, 2, 3]), () => 1).similarity // 1
 */
export function templateSimilarity(a: ReadonlySet<number>, b: Uint32Array, weight: (h: number) => number): { similarity: number; shared: number } {
  return weightedJaccard(a, new Set(b), weight);
}

/** The input span of the longest run of `post`'s shingles that `other` also has. */
function longestShared(post: ShingledPost, other: ReadonlySet<number>): [number, number] {
  let best: [number, number] = [0, 0];
  let bestLen = 0;
  let runStart = -1;
  for (let i = 0; i <= post.shingles.length; i++) {
    const inOther = i < post.shingles.length && other.has(post.shingles[i]!);
    if (inOther && runStart < 0) runStart = i;
    if (!inOther && runStart >= 0) {
      const s = post.starts[runStart]!;
      const e = Math.max(...Array.from(post.ends.subarray(runStart, i)));
      if (e - s > bestLen) {
        bestLen = e - s;
        best = [s, e];
      }
      runStart = -1;
    }
  }
  return best;
}

/**
 * Evidence of a template link: the shared run's span in each post.
 * @example templateEvidence(a, b) // [[0, 42], [0, 40]]
 */
export function templateEvidence(a: ShingledPost, b: ShingledPost): [[number, number], [number, number]] {
  return [longestShared(a, new Set(b.shingles)), longestShared(b, new Set(a.shingles))];
}
