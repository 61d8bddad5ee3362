/**
 * Stage 2: language identification for the 19 languages of the taxonomy.
 *
 * franc alone confuses Sorani with Persian, Pashto with Persian and Tigrinya with Amharic, and its
 * `ckb` model is really Latin-script Kurmanji. So: route by script first, then by letters only one
 * language uses, then ask franc restricted to the candidates of that script. Romanised Arabic
 * (Arabizi), Persian (Finglish) and Urdu are recognised by their common words.
 * Never throws: too short or too mixed is `und` with a reason.
 * @module
 */
import { francAll } from 'franc';
import { LANGUAGE_INFO, languagesWhere, type Language, type LanguageCode, type LanguageInfo, type Script } from '../taxonomy.js';
import type { LanguageResult } from '../types.js';
import { ALBANIAN_WORDS, AMHARIC_WORDS, ROMANISED, TIGRINYA_WORDS } from './lexicon.js';

const LETTER = /\p{L}/u;

/** The script of a non-ASCII letter by code-point block (BMP; astral letters count for none). */
function scriptOf(c: number): Script | undefined {
  if (c <= 0x24f || (c >= 0x1e00 && c <= 0x1eff) || (c >= 0xff21 && c <= 0xff5a)) return 'Latn';
  if ((c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff)) return 'Arab';
  if (c >= 0x1200 && c <= 0x139f) return 'Ethi';
  if (c >= 0x400 && c <= 0x52f) return 'Cyrl';
  if ((c >= 0x370 && c <= 0x3ff) || (c >= 0x1f00 && c <= 0x1fff)) return 'Grek';
  return undefined;
}

/** Letters used by one language of the Arabic script and not the others. */
const SORANI = /[ڕڵۆێە]/gu;
const PASHTO = /[ټځښډړږګڼۍ]/gu;
const URDU = /[ٹڈڑےںھ]/gu;
const PERSIAN = /[پچژگ]/gu;
const ARABIC_ONLY = /[ةيىكأإؤئ]/gu;

/** franc's codes for the languages of a script that franc can tell apart (order does not matter to franc). */
const francCandidates = (test: (info: LanguageInfo) => boolean): string[] =>
  languagesWhere((l) => l.franc !== null && test(l)).map((code) => LANGUAGE_INFO[code].franc!);
/** Latin-script candidates (franc's `ckb` is Latin Kurmanji, reported as `kmr`). */
const LATIN_CANDIDATES = francCandidates((l) => l.latin === 'native');
const ARABIC_CANDIDATES = francCandidates((l) => l.script === 'Arab');
const ETHIOPIC_CANDIDATES = francCandidates((l) => l.script === 'Ethi');
/** Scripts only one language of the taxonomy writes (Cyrillic, Greek), to that language. */
const SOLE_LANGUAGE = new Map(
  [...new Set(Object.values(LANGUAGE_INFO).map((l) => l.script))]
    .map((script) => [script, languagesWhere((l) => l.script === script)] as const)
    .filter(([, codes]) => codes.length === 1)
    .map(([script, codes]) => [script as Script, codes[0]!]),
);
/** franc's Latin-script codes to the taxonomy's. */
const FROM_LATIN_FRANC = new Map(languagesWhere((l) => l.latin === 'native').map((code) => [LANGUAGE_INFO[code].franc!, code]));

const UND = (reason: string, script: Script = 'Zyyy'): LanguageResult => ({
  code: 'und',
  confidence: 0,
  script,
  reason,
});

/** Options for {@link detectLanguage}. */
export interface DetectOptions {
  /** Fewer letters than this gives `und` (default 8). */
  minLetters?: number;
}

function count(text: string, re: RegExp): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

/** Asks franc, restricted to `only`, and turns its relative scores into a confidence. */
function askFranc(text: string, only: string[]): { code: string; confidence: number } {
  const ranked = francAll(text, { only, minLength: 3 });
  const [top, second] = ranked;
  if (!top || top[0] === 'und') return { code: 'und', confidence: 0 };
  const gap = 1 - (second?.[1] ?? 0);
  return { code: top[0], confidence: Math.min(0.99, 0.5 + gap) };
}

function romanised(words: string[]): { code: Language; hits: number } | undefined {
  let best: { code: Language; hits: number } | undefined;
  for (const [code, marks] of ROMANISED) {
    let hits = 0;
    for (const w of words) if (marks.has(w)) hits++;
    // Arabizi writes letters with digits (3 = ع, 7 = ح, 9 = ق): count words mixing both.
    if (code === 'arb') for (const w of words) if (/^[a-z]*[2379][a-z]+$/.test(w) || /^[a-z]+[379][a-z]*$/.test(w)) hits++;
    if (hits > (best?.hits ?? 0)) best = { code, hits };
  }
  return best;
}

/**
 * Identifies the language and script of a post.
 * @example
 * detectLanguage('Passage pour l’Angleterre cette semaine, 3 places').code // 'fra'
 * detectLanguage('ok').code // 'und' (reason 'too_short')
 */
export function detectLanguage(text: string, options: DetectOptions = {}): LanguageResult {
  const { letters, counts } = countLetters(text);
  if (letters < (options.minLetters ?? 8)) return UND('too_short');
  const [script, topCount] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['Zyyy' as Script, 0];
  const share = topCount / letters;
  if (share < 0.5) return UND('mixed_scripts');
  const sole = SOLE_LANGUAGE.get(script);
  if (sole) return { code: sole, confidence: 0.9 * share + 0.05, script, reason: 'script' };
  if (script === 'Ethi') return detectEthiopic(text, share);
  if (script === 'Arab') return detectArabic(text, share);
  return detectLatin(text, share);
}

/** Counts the letters of a text, and those of each script. */
function countLetters(text: string): { letters: number; counts: Map<Script, number> } {
  const counts = new Map<Script, number>();
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let script: Script | undefined;
    if (c < 0x80) {
      if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) continue;
      script = 'Latn';
    } else {
      const ch = text[i]!;
      if (!LETTER.test(ch)) continue;
      script = scriptOf(c);
    }
    letters++;
    if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  return { letters, counts };
}

/** Tigrinya or Amharic: Tigrinya writes ኣ where Amharic writes አ, and each has function words the other lacks. */
function detectEthiopic(text: string, share: number): LanguageResult {
  const words = text.split(/[\s፡።፣፤፥፦,.!?;:"'«»()]+/u);
  let tigrinya = 0;
  let amharic = 0;
  for (const w of words) {
    if (TIGRINYA_WORDS.has(w)) tigrinya += 2;
    if (AMHARIC_WORDS.has(w)) amharic += 2;
    if (w.startsWith('የ') && w.length > 2) amharic += 1; // Amharic genitive; Tigrinya uses ናይ
    if (w.startsWith('ናይ')) tigrinya += 1;
  }
  tigrinya += count(text, /ኣ/gu) * 0.5;
  amharic += count(text, /አ/gu) * 0.5;
  const franc = askFranc(text, ETHIOPIC_CANDIDATES);
  const vote = (franc.code === 'tir' ? 1 : franc.code === 'amh' ? -1 : 0) + tigrinya - amharic;
  const code: Language = vote > 0 ? 'tir' : vote < 0 ? 'amh' : franc.code === 'tir' ? 'tir' : 'amh';
  const margin = Math.min(1, Math.abs(vote) / 4);
  return { code, confidence: 0.55 + 0.4 * margin * share, script: 'Ethi', reason: 'letters' };
}

/** The languages of the Arabic script: letters only one of them uses, then franc. */
function detectArabic(text: string, share: number): LanguageResult {
  const script = 'Arab';
  const sorani = count(text, SORANI);
  const pashto = count(text, PASHTO);
  const urdu = count(text, URDU);
  if (sorani >= 2 && sorani >= pashto) return { code: 'ckb', confidence: 0.95 * share, script, reason: 'letters' };
  if (pashto >= 2 && pashto > urdu) return { code: 'pbu', confidence: 0.93 * share, script, reason: 'letters' };
  if (urdu >= 2) return { code: 'urd', confidence: 0.9 * share, script, reason: 'letters' };
  const franc = askFranc(text, ARABIC_CANDIDATES);
  const persian = count(text, PERSIAN);
  const arabic = count(text, ARABIC_ONLY);
  let code = (franc.code === 'und' ? 'arb' : franc.code) as LanguageCode;
  if (code === 'arb' && persian >= 2 && arabic === 0) code = 'pes';
  if (code === 'pes' && persian === 0 && arabic >= 2) code = 'arb';
  return { code, confidence: franc.confidence * share, script, reason: 'franc' };
}

/** Latin script: Vietnamese letters, romanised words, then franc and the letters of Kurmanji, Turkish and Albanian. */
function detectLatin(text: string, share: number): LanguageResult {
  const script = 'Latn';
  const lower = text.toLowerCase();
  const words = lower.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (/[ơưăạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/u.test(lower)) {
    return { code: 'vie', confidence: 0.97 * share, script, reason: 'letters' };
  }
  const roman = romanised(words);
  const franc = askFranc(lower, LATIN_CANDIDATES);
  if (roman && roman.hits >= 2 && roman.hits / words.length >= 0.12) {
    return { code: roman.code, confidence: Math.min(0.9, 0.4 + roman.hits / words.length), script, reason: 'romanised' };
  }
  if (franc.code === 'und') return UND('undetermined', script);
  let code: LanguageCode = FROM_LATIN_FRANC.get(franc.code) ?? (franc.code as LanguageCode);
  // Kurmanji's ê î û against Turkish ı ğ: franc mixes the two on short posts.
  const kurmanji = count(lower, /[êîû]/gu);
  const turkish = count(lower, /[ığ]/gu);
  if ((code === 'tur' || code === 'fra') && kurmanji >= 2 && turkish === 0) code = 'kmr';
  if (code === 'kmr' && turkish >= 2 && kurmanji === 0) code = 'tur';
  if (code !== 'als' && (count(lower, /ë/gu) >= 2 || words.filter((w) => ALBANIAN_WORDS.has(w)).length >= 2)) code = 'als';
  return { code, confidence: franc.confidence * share, script, reason: 'franc' };
}
