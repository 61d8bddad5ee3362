/**
 * Look-alike letters from other scripts (a subset of Unicode TR39 confusables that sellers use),
 * applied only inside tokens that mix scripts, or to whole tokens in a mostly-Latin text.
 * @module
 */

/** Cyrillic, Greek and Armenian letters → the Latin letter they imitate. */
export const TO_LATIN: Readonly<Record<string, string>> = {
  // Cyrillic
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y',
  І: 'I', Ј: 'J', Ѕ: 'S', Ԁ: 'D', Ԛ: 'Q', Ԝ: 'W', Һ: 'H', Ӏ: 'l', Ү: 'Y', Ь: 'b',
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q',
  ԝ: 'w', һ: 'h', ӏ: 'l', ү: 'y', ѵ: 'v', к: 'k', м: 'm', т: 't', н: 'h', в: 'b', п: 'n', г: 'r', ь: 'b',
  // Greek
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T',
  Υ: 'Y', Χ: 'X', α: 'a', ο: 'o', ρ: 'p', ν: 'v', ι: 'i', κ: 'k', τ: 't', υ: 'u', χ: 'x', ϲ: 'c', ε: 'e',
  // Armenian
  օ: 'o', ս: 'u', ց: 'g', ո: 'n', հ: 'h', ք: 'p', Տ: 'S', Օ: 'O', Ս: 'U',
};

/** Latin letters → the Cyrillic letter they imitate, for Latin letters slipped into Cyrillic words. */
export const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = {
  a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', k: 'к', m: 'м', t: 'т', h: 'н', b: 'в',
  i: 'і', A: 'А', E: 'Е', O: 'О', P: 'Р', C: 'С', X: 'Х', Y: 'У', K: 'К', M: 'М', T: 'Т', H: 'Н', B: 'В',
};

/** Latin letters → the Greek letter they imitate, for Latin letters slipped into Greek words. */
export const LATIN_TO_GREEK: Readonly<Record<string, string>> = {
  a: 'α', o: 'ο', p: 'ρ', v: 'ν', i: 'ι', k: 'κ', t: 'τ', u: 'υ', x: 'χ', e: 'ε',
  A: 'Α', B: 'Β', E: 'Ε', Z: 'Ζ', H: 'Η', I: 'Ι', K: 'Κ', M: 'Μ', N: 'Ν', O: 'Ο', P: 'Ρ', T: 'Τ', Y: 'Υ', X: 'Χ',
};

export type LetterScript = 'Latn' | 'Cyrl' | 'Grek' | 'Armn' | 'other';

const LATN = /\p{Script=Latin}/u;
const CYRL = /\p{Script=Cyrillic}/u;
const GREK = /\p{Script=Greek}/u;
const ARMN = /\p{Script=Armenian}/u;

/** The script of one letter, among those confusables care about. */
export function letterScript(ch: string): LetterScript {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? 'Latn' : 'other';
  if (LATN.test(ch)) return 'Latn';
  if (CYRL.test(ch)) return 'Cyrl';
  if (GREK.test(ch)) return 'Grek';
  if (ARMN.test(ch)) return 'Armn';
  return 'other';
}
