/**
 * Matching a folded post against compiled rules (see compile.ts): terms on token boundaries (so
 * "Kung Fu" never fires a rule for "fu"), script terms on romanised words through their consonant
 * skeletons, and patterns on re2js (linear time) or, for certified patterns, on V8.
 * @module
 */
import { isTokenChar, type Normalized } from '../normalize/index.js';
import { MAX_HITS_PER_RULE, MAX_WORD_REPEATS, PATTERN_WINDOW, SENTENCE_LOOKBACK } from '../limits.js';
import { latinSkeleton } from './skeleton.js';
import type { CompiledIndex, CompiledRule, CompiledTerm, SkeletonWord, Word } from './compile.js';

/** A token of the folded text: `[start, end)` in folded offsets. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Splits folded text into word tokens (letters, digits and marks; anything else separates). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let start = -1;
  for (let i = 0; i < text.length; ) {
    const c = text.codePointAt(i)!;
    const len = c > 0xffff ? 2 : 1;
    const inToken =
      c < 0x80 ? (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) : isTokenChar(text, i, c, len);
    if (inToken) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push({ text: text.slice(start, i), start, end: i });
      start = -1;
    }
    i += len;
  }
  if (start >= 0) out.push({ text: text.slice(start), start, end: text.length });
  return out;
}

/** One match of a rule in the folded text. */
export interface RuleHit {
  rule: CompiledRule;
  /** Folded-text offsets. */
  start: number;
  end: number;
  /** The term or pattern that matched. */
  term: string;
  /** True when a script term matched romanised words through their skeletons (see skeleton.ts). */
  romanised?: boolean;
}

/** A post's Latin token reduced to its skeleton, in folded offsets. */
export interface SkeletonToken extends Token {
  /**
   * The folded token is a word of a Latin-script language ("visa", "calais", "freitag"): a pack
   * word or a known word of those languages, so not a romanised script word.
   */
  known: boolean;
}

/** Skeletons shorter than this (in consonant classes) are too common to match on their own. */
export const MIN_SKELETON = 3;

/** Counts `word` in `seen`; true once it has been seen more than {@link MAX_WORD_REPEATS} times. */
function tooFrequent(seen: Map<string, number>, word: string): boolean {
  const n = (seen.get(word) ?? 0) + 1;
  seen.set(word, n);
  return n > MAX_WORD_REPEATS;
}

/** Every term and pattern hit of a compiled index in folded text. */
export function matchIndex(index: CompiledIndex, text: string, tokens: Token[]): RuleHit[] {
  const hits: RuleHit[] = [];
  const counts = new Map<CompiledRule, number>();
  const seen = new Map<string, number>();
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!.text;
    if (tooFrequent(seen, tok)) continue;
    const candidates = index.exact.get(tok);
    if (candidates) for (const c of candidates) tryTerm(c, tokens, t, hits, counts);
    for (const len of index.prefixLengths) {
      if (len > tok.length) break;
      const pc = index.prefixes.get(len === tok.length ? tok : tok.slice(0, len));
      if (pc) for (const c of pc) if (tok.startsWith(c.words[0]!.text)) tryTerm(c, tokens, t, hits, counts);
    }
  }
  matchPatterns(index, text, hits);
  return hits;
}

/**
 * Pattern hits. Patterns read the first PATTERN_WINDOW characters (terms read everything): a bound
 * on the cost of a hostile 100k-character post, far beyond any real advert's length.
 */
function matchPatterns(index: CompiledIndex, text: string, hits: RuleHit[]): void {
  const window = text.length > PATTERN_WINDOW ? text.slice(0, PATTERN_WINDOW) : text;
  for (const p of index.patterns) {
    if (p.re instanceof RegExp) {
      p.re.lastIndex = 0;
      let guard = 0;
      for (let m = p.re.exec(window); m && guard++ < MAX_HITS_PER_RULE; m = p.re.exec(window)) {
        if (m[0].length === 0) p.re.lastIndex++;
        else for (const rule of p.rules) hits.push({ rule, start: m.index, end: m.index + m[0].length, term: p.source });
      }
      continue;
    }
    const m = p.re.matcher(window);
    let guard = 0;
    while (guard++ < MAX_HITS_PER_RULE && m.find()) {
      if (m.end() > m.start()) for (const rule of p.rules) hits.push({ rule, start: m.start(), end: m.end(), term: p.source });
    }
  }
}

function tryTerm(c: CompiledTerm, tokens: Token[], t: number, hits: RuleHit[], counts: Map<CompiledRule, number>): void {
  const n = counts.get(c.rule) ?? 0;
  if (n >= MAX_HITS_PER_RULE) return;
  const end = matchWords(c.words, tokens, t);
  if (end < 0) return;
  counts.set(c.rule, n + 1);
  hits.push({ rule: c.rule, start: tokens[t]!.start, end: tokens[end]!.end, term: c.source });
}

/**
 * Script terms written in Latin letters. `skeletons` are the post's Latin tokens reduced by
 * {@link latinSkeleton} (folded offsets; vowel-only tokens left out).
 *
 * Short skeletons collide with ordinary words of Latin-script languages ("sang", "from"), so a
 * match counts only when (1) one of its words is not `known`, and (2) its pack matches at another
 * place in the post too: a romanised Persian advert matches the Persian pack several times, a
 * chance collision in a French post once.
 */
export function matchSkeletonIndex(index: CompiledIndex, skeletons: SkeletonToken[]): RuleHit[] {
  const found: { hit: RuleHit; first: number }[] = [];
  const counts = new Map<CompiledRule, number>();
  const seen = new Map<string, number>();
  for (let t = 0; t < skeletons.length; t++) {
    const tok = skeletons[t]!.text;
    if (tooFrequent(seen, tok)) continue;
    const exact = index.skeletonExact.get(tok);
    const prefixed = tok.length >= MIN_SKELETON ? index.skeletonPrefixes.get(tok.slice(0, MIN_SKELETON)) : undefined;
    if (!exact && !prefixed) continue;
    for (const c of exact && prefixed ? [...exact, ...prefixed] : (exact ?? prefixed)!) {
      const n = counts.get(c.rule) ?? 0;
      if (n >= MAX_HITS_PER_RULE || (c.words.length === 1 && skeletons[t]!.known)) continue;
      const end = matchSkeletonWords(c.words, skeletons, t);
      if (end < 0) continue;
      let unknown = false;
      for (let k = t; k <= end && !unknown; k++) unknown = !skeletons[k]!.known;
      if (!unknown) continue;
      counts.set(c.rule, n + 1);
      found.push({ hit: { rule: c.rule, start: skeletons[t]!.start, end: skeletons[end]!.end, term: c.source, romanised: true }, first: t });
    }
  }
  // Token positions each pack matched at.
  const positions = new Map<string, Set<number>>();
  for (const f of found) {
    const set = positions.get(f.hit.rule.lang) ?? new Set<number>();
    set.add(f.first);
    positions.set(f.hit.rule.lang, set);
  }
  return found.filter((f) => positions.get(f.hit.rule.lang)!.size >= 2).map((f) => f.hit);
}

function wordMatches(w: Word, token: string): boolean {
  return w.prefix ? token.startsWith(w.text) : token === w.text;
}

function skeletonMatches(w: SkeletonWord, token: string): boolean {
  return w.prefix ? w.alts.some((a) => token.startsWith(a)) : w.alts.includes(token);
}

/**
 * Matches `words` starting at token `t`, each word within its gap of the previous one; returns
 * the index of the last token matched, or -1.
 */
function matchSequence<W extends { gap: number }>(words: readonly W[], tokens: readonly Token[], t: number, matches: (w: W, token: string) => boolean): number {
  if (!matches(words[0]!, tokens[t]!.text)) return -1;
  let pos = t;
  for (let k = 1; k < words.length; k++) {
    const w = words[k]!;
    let found = -1;
    for (let j = pos + 1; j <= pos + 1 + w.gap && j < tokens.length; j++) {
      if (matches(w, tokens[j]!.text)) {
        found = j;
        break;
      }
    }
    if (found < 0) return -1;
    pos = found;
  }
  return pos;
}

/** Matches a term's words from token `t`; the index of the last token matched, or -1. */
export const matchWords = (words: Word[], tokens: Token[], t: number): number => matchSequence(words, tokens, t, wordMatches);
const matchSkeletonWords = (words: SkeletonWord[], tokens: Token[], t: number): number => matchSequence(words, tokens, t, skeletonMatches);

const LATIN_IN_FOLDED = /[a-z]/;
const ASCII = /^[\x00-\x7f]*$/;
const MARKS = /\p{M}/gu;
const TITLE_CASE = /^\p{Lu}\p{Ll}/u;
const SENTENCE_END = /[.!?…:;\n\r"«»“”()\[\]]/;

/** Skeletons of input words, memoised (bounded): posts repeat words a lot. */
const skeletonMemo = new Map<string, string>();

/**
 * The post's Latin-script tokens as consonant skeletons, read from the input (not the folded
 * text: folding reads "ba7r" as leetspeak "batr", Arabizi reads 7 as ḥ). `isLatinWord` says
 * whether a folded token is a word of a Latin-script language.
 */
export function skeletonTokens(n: Normalized, tokens: Token[], isLatinWord: (folded: string) => boolean): SkeletonToken[] {
  const out: SkeletonToken[] = [];
  for (const tok of tokens) {
    if (!LATIN_IN_FOLDED.test(tok.text)) continue;
    const from = n.starts[tok.start]!;
    const raw = n.original.slice(from, n.ends[tok.end - 1]!);
    // A capitalised word inside a sentence is a name ("Milano") or a German noun ("Freitag"):
    // scripts without case are not romanised that way.
    if (TITLE_CASE.test(raw) && insideSentence(n.original, from)) continue;
    let text = skeletonMemo.get(raw);
    if (text === undefined) {
      const plain = ASCII.test(raw) ? raw.toLowerCase() : raw.normalize('NFKD').replace(MARKS, '').toLowerCase();
      text = latinSkeleton(plain);
      if (skeletonMemo.size >= 50_000) skeletonMemo.clear();
      skeletonMemo.set(raw, text);
    }
    if (text) out.push({ text, start: tok.start, end: tok.end, known: isLatinWord(tok.text) });
  }
  return out;
}

/** Whether the word at `at` follows another word of its sentence (not a sentence's first word). */
function insideSentence(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0 && i >= at - SENTENCE_LOOKBACK; i--) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') continue;
    if (SENTENCE_END.test(c)) return false;
    // A letter, digit or comma before it: inside a sentence. Emoji and symbols start one.
    return /[\p{L}\p{N},]/u.test(c);
  }
  return false;
}
