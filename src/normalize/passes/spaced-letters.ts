/**
 * Pass: letters split by single separators (b o a t, b.o.a.t, b-o-a-t) are joined.
 * @module
 */
import { isLetter, isNumber } from '../chars.js';
import type { Units } from '../units.js';

const SPACED_SEPARATORS = new Set([' ', '.', '-', '_', '*', '·', '•', '/', '|', '+', '~']);

/** Three or more single letters, each split from the next by one separator, become one word. */
export function joinSpacedLetters(units: Units): void {
  const { ch, s, e } = units;
  const single = (k: number): boolean =>
    isLetter(ch[k]) && !isLetter(ch[k - 1]) && !isLetter(ch[k + 1]) && !isNumber(ch[k - 1]) && !isNumber(ch[k + 1]);
  let w = 0;
  const keep = (k: number): void => {
    ch[w] = ch[k]!;
    s[w] = s[k]!;
    e[w] = e[k]!;
    w++;
  };
  let i = 0;
  const n = ch.length;
  while (i < n) {
    if (!single(i)) {
      keep(i);
      i++;
      continue;
    }
    // Reads ahead only: units at k >= i are not yet overwritten (w <= i).
    let k = i;
    let count = 1;
    const sep = ch[i + 1];
    while (k + 2 < n && SPACED_SEPARATORS.has(ch[k + 1]!) && single(k + 2) && (ch[k + 1] === ' ' || ch[k + 1] === sep)) {
      k += 2;
      count++;
    }
    if (count >= 3) {
      for (let r = i; r <= k; r += 2) keep(r);
      i = k + 1;
    } else {
      keep(i);
      i++;
    }
  }
  units.truncate(w);
}
