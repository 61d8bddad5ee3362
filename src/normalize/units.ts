/**
 * The normaliser's bookkeeping: the folded code points with the input span each came from, the
 * final layout into UTF-16 units with their maps, and the map from a folded range back to the input.
 * @module
 */
import type { Span } from '../types.js';

/** A folded text and its map back to the input. */
export interface Normalized {
  /** The input, as given. */
  readonly original: string;
  /** The folded text: lowercase, single spaces, see the module notes. */
  readonly text: string;
  /** `starts[i]`, `ends[i]`: the input span of `text`'s UTF-16 unit `i`. */
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
}

/**
 * The output code points with the input span each came from, as parallel arrays (one object per
 * character was the normaliser's main cost on long posts). Passes compact them in place.
 */
export class Units {
  ch: string[] = [];
  /** Input spans, in typed arrays that grow by doubling (only `length` entries are meaningful). */
  s: Int32Array;
  e: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.s = new Int32Array(Math.max(16, capacity));
    this.e = new Int32Array(Math.max(16, capacity));
  }
  push(ch: string, s: number, e: number): void {
    if (this.length === this.s.length) {
      const s2 = new Int32Array(this.s.length * 2);
      const e2 = new Int32Array(this.e.length * 2);
      s2.set(this.s);
      e2.set(this.e);
      this.s = s2;
      this.e = e2;
    }
    this.ch.push(ch);
    this.s[this.length] = s;
    this.e[this.length] = e;
    this.length++;
  }
  /** Pushes each code point of `str` (none for `''`), all with the input span `[s, e)`. */
  pushEach(str: string, s: number, e: number): void {
    if (str.length === 1) this.push(str, s, e);
    else for (const c of str) this.push(c, s, e);
  }
  /** Keeps the first `n` units. */
  truncate(n: number): void {
    this.ch.length = n;
    this.length = n;
  }
}

/** A pass over the units: reads them and rewrites or compacts them in place. */
export type UnitPass = (units: Units) => void;

/** Lays the units out as UTF-16 text with a start and end per UTF-16 unit. */
export function layOut(input: string, units: Units): Normalized {
  const { ch: chs, s: ss, e: es } = units;
  // Each unit is one code point: at most two UTF-16 units.
  const codes = new Uint16Array(2 * chs.length);
  const starts = new Uint32Array(2 * chs.length);
  const ends = new Uint32Array(2 * chs.length);
  let at = 0;
  for (let k = 0; k < chs.length; k++) {
    const c = chs[k]!;
    for (let u = 0; u < c.length; u++) {
      codes[at] = c.charCodeAt(u);
      starts[at] = ss[k]!;
      ends[at++] = es[k]!;
    }
  }
  const text = fromCodes(codes, at);
  return { original: input, text, starts: starts.slice(0, at), ends: ends.slice(0, at) };
}

/** The string of the first `n` UTF-16 units of `codes`, in chunks (apply takes a bounded argument count). */
function fromCodes(codes: Uint16Array, n: number): string {
  if (n <= 4096) return String.fromCharCode.apply(null, codes.subarray(0, n) as unknown as number[]);
  const chunks: string[] = [];
  for (let k = 0; k < n; k += 4096) chunks.push(String.fromCharCode.apply(null, codes.subarray(k, Math.min(n, k + 4096)) as unknown as number[]));
  return chunks.join('');
}

/**
 * Maps a `[start, end)` range of the folded text back to a span of the input.
 * @example originalSpan(normalize('b o a t'), 0, 4) // {start: 0, end: 7}
 */
export function originalSpan(n: Normalized, start: number, end: number): Span {
  if (n.text.length === 0 || end <= start) return { start: 0, end: 0 };
  const s = Math.max(0, Math.min(start, n.text.length - 1));
  const e = Math.max(s + 1, Math.min(end, n.text.length));
  let spanStart = n.starts[s]!;
  let spanEnd = n.ends[e - 1]!;
  for (let k = s; k < e; k++) {
    spanStart = Math.min(spanStart, n.starts[k]!);
    spanEnd = Math.max(spanEnd, n.ends[k]!);
  }
  return { start: spanStart, end: spanEnd };
}
