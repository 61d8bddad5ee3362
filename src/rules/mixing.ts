/**
 * Which packs may speak for a post. A post is read by the pack of its language and the common
 * pack; another language's pack counts only where the post really mixes that language in:
 * - a term in a script other than the post's own (an Arabic word in a French post, an English
 *   phrase in a Sorani one) is its own evidence;
 * - a Latin-script language is mixed in when the post has at least two distinct function words
 *   of it ("the", "and" for English): one shared word ("per", "de") is chance, two are a language;
 * - romanised script terms (consonant skeletons) count only when the post was detected as
 *   romanised text of that very language: romanisation is never assumed.
 * @module
 */
import { languagesWhere, type LanguageCode } from '../taxonomy.js';
import { FUNCTION_WORDS } from '../language/lexicon.js';
import type { Token } from './match.js';

/** Languages of the taxonomy written in Latin letters natively (their packs' terms are Latin). */
export const LATIN_NATIVE: ReadonlySet<LanguageCode> = new Set(languagesWhere((l) => l.latin === 'native'));

/**
 * The Latin-script languages a post mixes in: two or more distinct function words of each.
 * @example mixedLanguages(tokenize('inbox me the price and the date')) // Set {'eng'}
 */
export function mixedLanguages(tokens: readonly Token[]): Set<LanguageCode> {
  const seen = new Map<string, Set<string>>();
  for (const t of tokens) {
    for (const [lang, words] of FUNCTION_WORDS) {
      if (!words.has(t.text)) continue;
      const s = seen.get(lang) ?? new Set<string>();
      s.add(t.text);
      seen.set(lang, s);
    }
  }
  const out = new Set<LanguageCode>();
  for (const [lang, s] of seen) if (s.size >= 2) out.add(lang as LanguageCode);
  return out;
}

const NON_LATIN_LETTER = /[\u0370-\u03FF\u0400-\u052F\u0600-\u06FF\u0750-\u077F\u1200-\u139F\uFB50-\uFDFF\uFE70-\uFEFF]/u;

/**
 * Whether a hit of `packLang`'s pack on `matched` (folded text) may count for a post in `lang`.
 * @example packSpeaks('ita', 'eng', 'viaggio', new Set()) // false: no Italian in the post
 */
export function packSpeaks(
  packLang: LanguageCode | 'common',
  lang: LanguageCode,
  matched: string,
  mixed: ReadonlySet<LanguageCode>,
  romanised: boolean,
  postIsLatin = true,
): boolean {
  if (romanised) return packLang === lang && !LATIN_NATIVE.has(lang);
  if (packLang === 'common' || packLang === lang || lang === 'und') return true;
  // A term in a script other than the post's own is its own evidence of mixing: an Arabic word in
  // a French post, an English phrase in a Sorani one.
  const matchedIsLatin = !NON_LATIN_LETTER.test(matched);
  if (matchedIsLatin !== postIsLatin) return true;
  return LATIN_NATIVE.has(packLang) && mixed.has(packLang);
}

/**
 * Whether most letters of folded text are Latin.
 * @example isMostlyLatin('boat to uk') // true
 */
export function isMostlyLatin(folded: string): boolean {
  let latin = 0;
  let other = 0;
  for (let i = 0; i < folded.length && latin + other < 2000; i++) {
    const c = folded.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) latin++;
    else if (NON_LATIN_LETTER.test(folded[i]!)) other++;
  }
  return latin >= other;
}
