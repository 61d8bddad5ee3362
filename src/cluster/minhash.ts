/**
 * MinHash signatures and LSH band keys over shingle hashes, and the weighted Jaccard that checks
 * a candidate pair. Deterministic: the hash functions come from a fixed seed, so two processes
 * (or two workers sharing a Redis index) compute the same signatures.
 * @module
 */

import { mulberry32 } from '../hash.js';

const MAX_HASHES = 64 * 16;
const rand = mulberry32(0x5eed17);
const A = new Uint32Array(MAX_HASHES);
const B = new Uint32Array(MAX_HASHES);
for (let i = 0; i < MAX_HASHES; i++) {
  A[i] = rand() | 1;
  B[i] = rand();
}

/** Mixes a 32-bit value (murmur3's finaliser). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The MinHash signature (`k` values) of a set of shingle hashes; all 0xffffffff when empty.
 * @example minhash(new Uint32Array([1, 2, 3]), 64).length // 64
 */
export function minhash(shingles: ArrayLike<number>, k: number): Uint32Array {
  const sig = new Uint32Array(k).fill(0xffffffff);
  for (let j = 0; j < shingles.length; j++) {
    const x = shingles[j]!;
    for (let i = 0; i < k; i++) {
      const v = mix((Math.imul(A[i]!, x) + B[i]!) >>> 0);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/**
 * One key per band: a 32-bit hash of the band's `rows` values, mixed with the band number.
 * @example bandKeys(minhash(new Uint32Array([1, 2]), 64), 16, 4).length // 16
 */
export function bandKeys(sig: Uint32Array, bands: number, rows: number): Uint32Array {
  const keys = new Uint32Array(bands);
  for (let b = 0; b < bands; b++) {
    let h = mix(b + 0x9e3779b9);
    for (let r = 0; r < rows; r++) h = mix((h ^ sig[b * rows + r]!) >>> 0);
    keys[b] = h;
  }
  return keys;
}

/** Counts of each distinct value. */
export function counts(xs: ArrayLike<number>): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < xs.length; i++) m.set(xs[i]!, (m.get(xs[i]!) ?? 0) + 1);
  return m;
}

/**
 * Weighted Jaccard of two shingle sets, each distinct shingle weighing `weight(h)`: the shared
 * weight over the weight of the union. Also returns the shared weight.
 * @example weightedJaccard(new Set([1, 2]), new Set([2, 3]), () => 1) // {similarity: 1/3, shared: 1}
 */
export function weightedJaccard(a: ReadonlySet<number>, b: ReadonlySet<number>, weight: (h: number) => number): { similarity: number; shared: number } {
  let shared = 0;
  let union = 0;
  for (const h of a) {
    const w = weight(h);
    union += w;
    if (b.has(h)) shared += w;
  }
  for (const h of b) if (!a.has(h)) union += weight(h);
  return { similarity: union > 0 ? shared / union : 0, shared };
}
