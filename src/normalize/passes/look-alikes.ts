/**
 * Pass: look-alike letters (homoglyphs). In tokens that mix Latin with Cyrillic, Greek or
 * Armenian, the minority letters take the majority script; in a mostly-Latin text, whole tokens
 * made only of Latin look-alikes become Latin. This pass finds the swaps; the character fold
 * applies them.
 * @module
 */
import { LATIN_TO_CYRILLIC, LATIN_TO_GREEK, TO_LATIN, type LetterScript } from '../confusables.js';
import { LETTER_BIT, SCRIPTS, TOKEN, charInfo, scriptOfInfo } from '../chars.js';

/** Look-alike letters to swap: input indices in increasing order, and the letter for each. */
export interface Swaps {
  at: number[];
  to: string[];
}

/** Cheap prefilter: most posts have no Cyrillic, Greek or Armenian letters. */
const MAY_HAVE_CONFUSABLES = /[\u0370-\u058F]/;

/** A token with Cyrillic, Greek or Armenian letters: its input range and letters by script. */
interface MixedToken {
  start: number;
  end: number;
  latn: number;
  cyrl: number;
  grek: number;
}

/** The look-alike letters of `input` to swap, in input order (none in most posts). */
export function confusableSwaps(input: string): Swaps {
  const swaps: Swaps = { at: [], to: [] };
  if (!MAY_HAVE_CONFUSABLES.test(input)) return swaps;
  const { mixed, latinText } = mixedTokens(input);
  for (const t of mixed) {
    if (t.latn > 0) swapMinority(input, t, swaps);
    else if (latinText) swapWholeToken(input, t, swaps);
  }
  return swaps;
}

/**
 * Tokens (runs of letters, marks, digits, @ and $), their letters counted by script (indices of
 * SCRIPTS); only tokens with Cyrillic, Greek or Armenian letters are kept. `latinText`: at least
 * 70 % of all the letters are Latin.
 */
function mixedTokens(input: string): { mixed: MixedToken[]; latinText: boolean } {
  const mixed: MixedToken[] = [];
  let latn = 0;
  let letters = 0;
  let start = -1;
  const c = new Int32Array(SCRIPTS.length);
  const close = (end: number): void => {
    if (c[2]! + c[3]! + c[4]! > 0) mixed.push({ start, end, latn: c[1]!, cyrl: c[2]!, grek: c[3]! });
    latn += c[1]!;
    letters += c[0]! + c[1]! + c[2]! + c[3]! + c[4]!;
    c.fill(0);
    start = -1;
  };
  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    let inToken: boolean;
    if (cp < 0x80) {
      const letter = (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
      inToken = letter || (cp >= 0x30 && cp <= 0x39) || cp === 0x40 || cp === 0x24;
      if (letter) c[1]!++;
    } else {
      const info = charInfo(input, i, cp, len);
      inToken = (info & TOKEN) !== 0;
      if (inToken && info & LETTER_BIT) c[info >> 2]!++;
    }
    if (inToken) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      close(i);
    }
    i += len;
  }
  if (start >= 0) close(input.length);
  return { mixed, latinText: letters > 0 && latn / letters >= 0.7 };
}

/** In a token with Latin letters, the letters not of the token's majority script take that script. */
function swapMinority(input: string, t: MixedToken, swaps: Swaps): void {
  const target: LetterScript = t.latn >= t.cyrl && t.latn >= t.grek ? 'Latn' : t.cyrl >= t.grek ? 'Cyrl' : 'Grek';
  const table = target === 'Latn' ? TO_LATIN : target === 'Cyrl' ? LATIN_TO_CYRILLIC : LATIN_TO_GREEK;
  for (let i = t.start; i < t.end; ) {
    const cp = input.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const script = scriptOfInfo(charInfo(input, i, cp, len));
    if (script !== target && script !== 'other') {
      // The tables' keys are single UTF-16 units: a letter of two has no entry either way.
      const to = table[input[i]!];
      if (to) {
        swaps.at.push(i);
        swaps.to.push(to);
      }
    }
    i += len;
  }
}

/** A token with no Latin letter, in a Latin text: becomes Latin if every letter has a Latin look-alike. */
function swapWholeToken(input: string, t: MixedToken, swaps: Swaps): void {
  for (let i = t.start; i < t.end; ) {
    const cp = input.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    if (scriptOfInfo(charInfo(input, i, cp, len)) !== 'other' && !(len === 1 && TO_LATIN[input[i]!])) return;
    i += len;
  }
  for (let i = t.start; i < t.end; ) {
    const cp = input.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const to = len === 1 ? TO_LATIN[input[i]!] : undefined;
    if (to) {
      swaps.at.push(i);
      swaps.to.push(to);
    }
    i += len;
  }
}
