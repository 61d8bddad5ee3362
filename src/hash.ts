/**
 * Small deterministic hashing shared by the corpus tools (splits, seeds) and the clustering
 * (shingles, MinHash): one FNV-1a and one mulberry32, so both sides agree on every value.
 * @module
 */

/**
 * A 32-bit FNV-1a hash of a string.
 * @example hash32('abc') // 440920331
 */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A seeded PRNG (mulberry32) giving unsigned 32-bit integers.
 * @example const next = mulberry32(7); next() // an integer in [0, 2^32)
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
