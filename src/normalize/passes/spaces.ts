/**
 * Pass: spacing. Every run of whitespace becomes one space, and the text is trimmed.
 * @module
 */
import { WHITESPACE } from '../chars.js';
import type { Units } from '../units.js';

/** Collapses whitespace runs to one `' '` (with the span of the run's first unit) and trims both ends. */
export function collapseSpaces(units: Units): void {
  const { ch, s, e } = units;
  const n = ch.length;
  let w = 0;
  let lastSpace = true;
  for (let k = 0; k < n; k++) {
    const c = ch[k]!;
    const code = c.charCodeAt(0);
    const space = code === 0x20 || (code < 0x80 ? code >= 0x09 && code <= 0x0d : WHITESPACE.test(c));
    if (space && lastSpace) continue;
    ch[w] = space ? ' ' : c;
    s[w] = s[k]!;
    e[w] = e[k]!;
    w++;
    lastSpace = space;
  }
  if (w > 0 && ch[w - 1] === ' ') w--;
  units.truncate(w);
}
