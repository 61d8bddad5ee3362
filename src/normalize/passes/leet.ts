/**
 * Pass: leetspeak (p4ssp0rt → passport, 7rip → trip, viaggi0 → viaggio).
 * @module
 */
import { isDigit, isLetter } from '../chars.js';
import type { Units } from '../units.js';

const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l',
};

/** Tokens that are numbers with a unit, never leetspeak (10am, 3pm, 100k, 20kg, 2nd, 4x4). */
const NUMBER_WITH_UNIT = /^\d+(?:st|nd|rd|th|am|pm|k|m|kg|km|h|hr|hrs|x|s|g|gb|mb|mm|cm|ml|l|min|yo|y|hp|cv|ps)$/;

/**
 * Symbols between letters, and digits in tokens that are mostly letters, become the letters they
 * imitate. Numbers, prices, phone numbers and number-with-unit tokens stay as they are.
 */
export function foldLeet(units: Units): void {
  const ch = units.ch;
  let i = 0;
  while (i < ch.length) {
    if (!isLetter(ch[i]) && !isDigit(ch[i])) {
      i++;
      continue;
    }
    // A token: letters and digits, and leet symbols between letters.
    let j = i;
    let letters = 0;
    let digits = 0;
    let symbols = 0;
    for (; j < ch.length; j++) {
      const c = ch[j]!;
      if (isLetter(c)) letters++;
      else if (isDigit(c)) digits++;
      else if (LEET[c] !== undefined && isLetter(ch[j - 1]) && isLetter(ch[j + 1])) symbols++;
      else break;
    }
    if (letters > 0 && (digits > 0 || symbols > 0)) {
      let foldDigits = false;
      if (digits > 0 && letters >= 2 && digits <= letters) {
        const token = ch.slice(i, j).join('');
        foldDigits = !/^\d{2,}/.test(token) && !NUMBER_WITH_UNIT.test(token);
      }
      for (let k = i; k < j; k++) {
        const to = LEET[ch[k]!];
        if (to !== undefined && (!isDigit(ch[k]) || foldDigits)) ch[k] = to;
      }
    }
    i = j;
  }
}
