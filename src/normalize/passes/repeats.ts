/**
 * Pass: long repeats. Runs of three or more of the same letter become one (boooat → boat).
 * @module
 */
import { isLetter } from '../chars.js';
import type { Units } from '../units.js';

/** Collapses each run of three or more of one letter to one unit spanning the whole run. */
export function collapseRepeats(units: Units): void {
  const { ch, s, e } = units;
  const n = ch.length;
  let w = 0;
  let i = 0;
  while (i < n) {
    const c = ch[i]!;
    let j = i + 1;
    while (j < n && ch[j] === c) j++;
    if (j - i >= 3 && isLetter(c)) {
      const end = e[j - 1]!;
      ch[w] = c;
      s[w] = s[i]!;
      e[w] = end;
      w++;
    } else {
      for (let k = i; k < j; k++) {
        ch[w] = ch[k]!;
        s[w] = s[k]!;
        e[w] = e[k]!;
        w++;
      }
    }
    i = j;
  }
  units.truncate(w);
}
