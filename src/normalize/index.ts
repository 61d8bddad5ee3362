/**
 * Stage 1: normalisation. Folds a post into the form the rules and the model read, and keeps a map
 * from every UTF-16 unit of the folded text back to the characters of the input it came from, so
 * evidence found on the folded text is reported as a {@link Span} of the input.
 *
 * What it undoes: invisible characters, compatibility forms (fullwidth, mathematical letters),
 * case, accents and Arabic harakat/tatweel, Arabic letter variants, Arabic-Indic digits,
 * look-alike letters from other scripts in mixed tokens, leetspeak between letters, letters split
 * by spaces or dots, long repeats, and emoji standing for words.
 * @module
 */
import emojiRegex from 'emoji-regex';
import type { Span } from '../types.js';
import { emojiWord } from './emoji.js';
import { MAX_EMOJI_WORDS } from '../limits.js';

export { MAX_EMOJI_WORDS };
import { LATIN_TO_CYRILLIC, LATIN_TO_GREEK, TO_LATIN, letterScript, type LetterScript } from './confusables.js';

export { emojiWord } from './emoji.js';

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

const ZWNJ = '\u200C';
const EMOJI = emojiRegex();
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const CONTROL = /\p{Cc}/u;
const MARK = /\p{M}/u;
const LETTER = /\p{L}/u;
/** What the confusables pass reads as part of a token (with ASCII letters, digits, @ and $). */
const TOKEN_CHAR = /[\p{L}\p{M}\p{N}]/u;
const NUMBER = /\p{N}/u;
const ARABIC_LETTER = /[\u0620-\u064A\u066E-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FC\u06FF\u0750-\u077F]/u;
const WHITESPACE = /\s/u;
/** Arabic-script letters that do not join the following letter (Unicode joining types R and U). */
const NON_JOINING = new Set([...'اأإآٱٲٳءدذرزژوؤۆۇۈۉۊۋەڕڈډړږڑڗڙۄةۀےۍ']);
/** Cheap prefilters: most posts have no emoji, or no Cyrillic, Greek or Armenian letters. */
const MAY_HAVE_EMOJI = /[\u00A9\u00AE\u203C-\u3299\u20E3\uD83C-\uDBFF]/;
const MAY_HAVE_CONFUSABLES = /[\u0370-\u058F]/;

/** Letters folded after lowercasing and accent stripping. */
const LETTER_FOLD: Readonly<Record<string, string>> = {
  đ: 'd', ı: 'i', ß: 'ss', ø: 'o', ł: 'l', æ: 'ae', œ: 'oe', ħ: 'h', ŧ: 't', ð: 'd', þ: 'th', ς: 'σ',
  // Arabic-script variants: one yeh, one kaf, teh marbuta and heh forms as heh; tatweel goes.
  ى: 'ي', ی: 'ي', ک: 'ك', ة: 'ه', ہ: 'ه', ھ: 'ه', 'ـ': '',
  // Punctuation of other scripts, so word boundaries stay visible.
  '؟': '?', '،': ',', '؛': ';', '።': '.', '፣': ',', '፤': ';', '፡': ' ', '፥': ':', '፦': ':', '۔': '.',
};

const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l',
};

const SPACED_SEPARATORS = new Set([' ', '.', '-', '_', '*', '·', '•', '/', '|', '+', '~']);

/** Per-code-point fold cache: input char → folded string (may be empty or several chars). */
const foldCache = new Map<string, string>();

function foldChar(ch: string): string {
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
  if (foldCache.size < 50_000) foldCache.set(ch, out);
  return out;
}

/**
 * What one input character becomes, memoised: nothing for ignorable characters (zero-width
 * characters, soft hyphen, bidi controls, tags, variation selectors), a space for control
 * characters, else its fold.
 */
function foldInputChar(ch: string): string {
  let out = inputCache.get(ch);
  if (out === undefined) {
    out = IGNORABLE.test(ch) ? '' : CONTROL.test(ch) ? ' ' : foldChar(ch);
    if (inputCache.size < 50_000) inputCache.set(ch, out);
  }
  return out;
}
const inputCache = new Map<string, string>();

/**
 * The output code points with the input span each came from, as parallel arrays (one object per
 * character was the normaliser's main cost on long posts). Passes compact them in place.
 */
class Units {
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
  /** Keeps the first `n` units. */
  truncate(n: number): void {
    this.ch.length = n;
    this.length = n;
  }
}

/**
 * What the look-alike pass asks of a character, as bits: a token character (letter, mark or
 * number), a letter, and the letter's script (bits 2-4, an index into SCRIPTS). Read from a table
 * for code points below 0x2000 (Latin, Greek, Cyrillic, Armenian and their neighbours), built on
 * first use from the same Unicode classes, so both paths agree.
 */
const TOKEN = 1;
const LETTER_BIT = 2;
const SCRIPTS: readonly LetterScript[] = ['other', 'Latn', 'Cyrl', 'Grek', 'Armn'];
const TABLE_LIMIT = 0x2000;
let infoTable: Uint8Array | undefined;

function computeInfo(ch: string): number {
  if (!TOKEN_CHAR.test(ch)) return 0;
  if (!LETTER.test(ch)) return TOKEN;
  return TOKEN | LETTER_BIT | (SCRIPTS.indexOf(letterScript(ch)) << 2);
}

function charInfo(input: string, i: number, cp: number, len: number): number {
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
 */
export function isTokenChar(text: string, i: number, cp: number, len: number): boolean {
  return (charInfo(text, i, cp, len) & TOKEN) !== 0;
}

const scriptOfInfo = (info: number): LetterScript => (info & LETTER_BIT ? SCRIPTS[info >> 2]! : 'other');

/** Look-alike letters to swap: input indices in increasing order, and the letter for each. */
interface Swaps {
  at: number[];
  to: string[];
}

/**
 * Finds, per input index, look-alike letters to swap: in tokens that mix Latin with Cyrillic,
 * Greek or Armenian, the minority letters take the majority script; in a mostly-Latin text, whole
 * tokens made only of Latin look-alikes become Latin.
 */
function confusableSwaps(input: string): Swaps {
  const swaps: Swaps = { at: [], to: [] };
  if (!MAY_HAVE_CONFUSABLES.test(input)) return swaps;
  // Tokens (runs of letters, marks, digits, @ and $), their letters counted by script (indices of
  // SCRIPTS); only tokens with Cyrillic, Greek or Armenian letters are kept.
  const mixed: { start: number; end: number; latn: number; cyrl: number; grek: number }[] = [];
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
  const latinText = letters > 0 && latn / letters >= 0.7;
  for (const t of mixed) {
    if (t.latn > 0) {
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
    } else if (latinText) {
      let all = true;
      for (let i = t.start; i < t.end && all; ) {
        const cp = input.codePointAt(i)!;
        const len = cp > 0xffff ? 2 : 1;
        if (scriptOfInfo(charInfo(input, i, cp, len)) !== 'other' && !(len === 1 && TO_LATIN[input[i]!])) all = false;
        i += len;
      }
      if (!all) continue;
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
  }
  return swaps;
}

/** Whether a unit is a letter: a code comparison for ASCII, the Unicode class otherwise (hot path). */
const isLetter = (ch: string | undefined): boolean => {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  return LETTER.test(ch);
};
const isDigit = (ch: string | undefined): boolean => {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && ch.length === 1;
};
/** Any Unicode number (a code comparison for ASCII). */
const isNumber = (ch: string | undefined): boolean => {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return NUMBER.test(ch);
};

/** Tokens that are numbers with a unit, never leetspeak (10am, 3pm, 100k, 20kg, 2nd, 4x4). */
const NUMBER_WITH_UNIT = /^\d+(?:st|nd|rd|th|am|pm|k|m|kg|km|h|hr|hrs|x|s|g|gb|mb|mm|cm|ml|l|min|yo|y|hp|cv|ps)$/;

/**
 * Leetspeak (p4ssp0rt → passport, 7rip → trip, viaggi0 → viaggio): symbols between letters, and
 * digits in tokens that are mostly letters, become the letters they imitate. Numbers, prices,
 * phone numbers and number-with-unit tokens stay as they are.
 */
function foldLeet(units: Units): void {
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

/** Letters split by single separators (b o a t, b.o.a.t, b-o-a-t): three or more are joined. */
function joinSpacedLetters(units: Units): void {
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

/** Runs of three or more of the same letter become one (boooat → boat). */
function collapseRepeats(units: Units): void {
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

/**
 * Folds `input` for matching and keeps the map back to it.
 * @example
 * const n = normalize('P4SSP0RT 🛂 Ｌｏｎｄｏｎ');
 * n.text // 'passport passport london'
 * originalSpan(n, 0, 8) // {start: 0, end: 8}
 */
export function normalize(input: string): Normalized {
  const emoji = new Map<number, { end: number; word: string }>();
  if (MAY_HAVE_EMOJI.test(input)) {
    for (const m of input.matchAll(EMOJI)) {
      // Past MAX_EMOJI_WORDS (only hostile posts get there) emoji become spaces: the folded text
      // stays about as long as the input.
      emoji.set(m.index, { end: m.index + m[0].length, word: emoji.size < MAX_EMOJI_WORDS ? emojiWord(m[0]) : '' });
    }
  }
  const swaps = confusableSwaps(input);
  // Swaps come in input order, so one cursor finds the swap at i, if any.
  let sk = 0;
  const swapAt = (i: number): string | undefined => {
    while (sk < swaps.at.length && swaps.at[sk]! < i) sk++;
    return swaps.at[sk] === i ? swaps.to[sk] : undefined;
  };
  const units = new Units(input.length + 16);
  const push = (ch: string, s: number, e: number): void => {
    if (ch.length === 1) units.push(ch, s, e);
    else for (const c of ch) units.push(c, s, e);
  };
  let i = 0;
  while (i < input.length) {
    const em = emoji.get(i);
    if (em) {
      push(em.word ? ` ${em.word} ` : ' ', i, em.end);
      i = em.end;
      continue;
    }
    const cp = input.codePointAt(i) ?? 0;
    const len = cp > 0xffff ? 2 : 1;
    const swap = swaps.at.length ? swapAt(i) : undefined;
    if (cp >= 0x20 && cp < 0x7f && swap === undefined) {
      // Printable ASCII: only case folds.
      units.push(cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : input[i]!, i, i + 1);
      i++;
      continue;
    }
    const ch = input.slice(i, i + len);
    if (cp >= 0xd800 && cp <= 0xdfff) {
      push(' ', i, i + 1); // lone surrogate
    } else if (cp === 0x200c) {
      // ZWNJ stays between Arabic-script letters (Persian, Sorani, Pashto spelling), goes elsewhere.
      // After a letter that never joins the next one (ا, د, ر, و...) it changes nothing on screen,
      // so it is there to split a word for filters ("مو‌فق"): it goes too.
      const prev = input[i - 1] ?? '';
      if (ARABIC_LETTER.test(prev) && !NON_JOINING.has(prev) && ARABIC_LETTER.test(input[i + 1] ?? '')) push(ZWNJ, i, i + 1);
    } else {
      // Swaps only ever replace letters, never ignorable or control characters.
      push(swap !== undefined ? foldChar(swap) : foldInputChar(ch), i, i + len);
    }
    i += len;
  }
  foldLeet(units);
  joinSpacedLetters(units);
  collapseRepeats(units);

  // Collapse whitespace, trim, and lay out the UTF-16 maps.
  const { ch: chs, s: ss, e: es } = units;
  // Each unit is one code point: at most two UTF-16 units.
  const codes = new Uint16Array(2 * chs.length);
  const starts = new Uint32Array(2 * chs.length);
  const ends = new Uint32Array(2 * chs.length);
  let at = 0;
  let lastSpace = true;
  for (let k = 0; k < chs.length; k++) {
    const c = chs[k]!;
    const code = c.charCodeAt(0);
    const space = code === 0x20 || (code < 0x80 ? code >= 0x09 && code <= 0x0d : WHITESPACE.test(c));
    if (space && lastSpace) continue;
    if (space) {
      codes[at] = 0x20;
      starts[at] = ss[k]!;
      ends[at++] = es[k]!;
    } else {
      for (let u = 0; u < c.length; u++) {
        codes[at] = c.charCodeAt(u);
        starts[at] = ss[k]!;
        ends[at++] = es[k]!;
      }
    }
    lastSpace = space;
  }
  if (at > 0 && codes[at - 1] === 0x20) at--;
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

/**
 * Folds a lexicon term the way posts are folded, so terms can be written plainly.
 * @example foldTerm('Traversée') // 'traversee'
 */
export function foldTerm(term: string): string {
  return normalize(term).text;
}
