/**
 * Spread and uncertainty: quantiles (latency percentiles) and the Wilson interval of a proportion
 * (flags per 10,000).
 * @module
 */

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
