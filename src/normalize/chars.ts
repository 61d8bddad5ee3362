/**
 * What the normaliser knows about single characters: the per-character fold (compatibility forms,
 * case, accents, Arabic-script variants and digits), its memo caches, and the cheap character
 * classes the passes ask on the hot path (ASCII by code comparison, the rest by Unicode class).
 * @module
 */
import { letterScript, type LetterScript } from './confusables.js';

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const CONTROL = /\p{Cc}/u;
const MARK = /\p{M}/u;
const LETTER = /\p{L}/u;
/** What the look-alike pass reads as part of a token (with ASCII letters, digits, @ and $). */
const TOKEN_CHAR = /[\p{L}\p{M}\p{N}]/u;
const NUMBER = /\p{N}/u;
/** Any whitespace (the spaces pass asks it of non-ASCII units only). */
export const WHITESPACE = /\s/u;

/** Letters folded after lowercasing and accent stripping. */
const LETTER_FOLD: Readonly<Record<string, string>> = {
  đ: 'd', ı: 'i', ß: 'ss', ø: 'o', ł: 'l', æ: 'ae', œ: 'oe', ħ: 'h', ŧ: 't', ð: 'd', þ: 'th', ς: 'σ',
  // Arabic-script variants: one yeh, one kaf, teh marbuta and heh forms as heh; tatweel goes.
  ى: 'ي', ی: 'ي', ک: 'ك', ة: 'ه', ہ: 'ه', ھ: 'ه', 'ـ': '',
  // Punctuation of other scripts, so word boundaries stay visible.
  '؟': '?', '،': ',', '؛': ';', '።': '.', '፣': ',', '፤': ';', '፡': ' ', '፥': ':', '፦': ':', '۔': '.',
};

/** The most entries each memo keeps (a hostile post of distinct characters cannot grow them further). */
const CACHE_LIMIT = 50_000;
/** Per-code-point fold cache: input char → folded string (may be empty or several chars). */
const foldCache = new Map<string, string>();
/** Per-code-point cache of {@link foldInputChar}. */
const inputCache = new Map<string, string>();

/**
 * What one character folds to, memoised: Arabic-Indic and Persian digits become ASCII digits;
 * anything else is NFKC-normalised, lowercased, stripped of marks and folded by `LETTER_FOLD`.
 */
export function foldChar(ch: string): string {
  const cached = foldCache.get(ch);
  if (cached !== undefined) return cached;
  let out = '';
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x0660 && cp <= 0x0669) out = String(cp - 0x0660);
  else if (cp >= 0x06f0 && cp <= 0x06f9) out = String(cp - 0x06f0);
  else {
    for (const c of ch.normalize('NFKC').toLowerCase().normalize('NFD')) {
      if (MARK.test(c)) continue;
      out += LETTER_FOLD[c] ?? c;
    }
    out = out.normalize('NFC');
  }
  if (foldCache.size < CACHE_LIMIT) foldCache.set(ch, out);
  return out;
}

/**
 * What one input character becomes, memoised: nothing for ignorable characters (zero-width
 * characters, soft hyphen, bidi controls, tags, variation selectors), a space for control
 * characters, else its fold.
 */
export function foldInputChar(ch: string): string {
  let out = inputCache.get(ch);
  if (out === undefined) {
    out = IGNORABLE.test(ch) ? '' : CONTROL.test(ch) ? ' ' : foldChar(ch);
    if (inputCache.size < CACHE_LIMIT) inputCache.set(ch, out);
  }
  return out;
}

/**
 * What the look-alike pass asks of a character, as bits: a token character (letter, mark or
 * number), a letter, and the letter's script (bits 2-4, an index into SCRIPTS). Read from a table
 * for code points below 0x2000 (Latin, Greek, Cyrillic, Armenian and their neighbours), built on
 * first use from the same Unicode classes, so both paths agree.
 */
export const TOKEN = 1;
export const LETTER_BIT = 2;
/** The scripts of {@link charInfo}'s bits 2-4, by index. */
export const SCRIPTS: readonly LetterScript[] = ['other', 'Latn', 'Cyrl', 'Grek', 'Armn'];
const TABLE_LIMIT = 0x2000;
let infoTable: Uint8Array | undefined;

function computeInfo(ch: string): number {
  if (!TOKEN_CHAR.test(ch)) return 0;
  if (!LETTER.test(ch)) return TOKEN;
  return TOKEN | LETTER_BIT | (SCRIPTS.indexOf(letterScript(ch)) << 2);
}

/** The bits of the character at `input[i]` (code point `cp`, `len` UTF-16 units); see {@link TOKEN}. */
export function charInfo(input: string, i: number, cp: number, len: number): number {
  if (cp < TABLE_LIMIT) {
    if (!infoTable) {
      infoTable = new Uint8Array(TABLE_LIMIT);
      for (let k = 0; k < TABLE_LIMIT; k++) infoTable[k] = computeInfo(String.fromCharCode(k));
    }
    return infoTable[cp]!;
  }
  return computeInfo(input.slice(i, i + len));
}

/**
 * Whether the character at `i` (code point `cp`, `len` UTF-16 units) is a letter, mark or number:
 * a word character for the rules' tokenizer as for the look-alike pass.
 * @example isTokenChar('a-b', 1, 0x2d, 1) // false
 */
export function isTokenChar(text: string, i: number, cp: number, len: number): boolean {
  return (charInfo(text, i, cp, len) & TOKEN) !== 0;
}

/** The script of a letter from its {@link charInfo} bits; `'other'` for anything not a letter. */
export const scriptOfInfo = (info: number): LetterScript => (info & LETTER_BIT ? SCRIPTS[info >> 2]! : 'other');

/** Whether a unit is a letter: a code comparison for ASCII, the Unicode class otherwise (hot path). */
export const isLetter = (ch: string | undefined): boolean => {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  return LETTER.test(ch);
};

/** Whether a unit is an ASCII digit. */
export const isDigit = (ch: string | undefined): boolean => {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && ch.length === 1;
};

/** Any Unicode number (a code comparison for ASCII). */
export const isNumber = (ch: string | undefined): boolean => {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return NUMBER.test(ch);
};
