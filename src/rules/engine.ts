/**
 * The rule engine: compiles validated packs into a word index and matches a folded post against it
 * on token boundaries. Terms match whole words (or word prefixes with `*`), so "Kung Fu" never
 * fires a rule for "fu". Patterns run on re2js, a linear-time engine: no input can make them
 * backtrack.
 * @module
 */
import { RE2JS } from 're2js';
import { SmuggleScanError, type Issue } from '../errors.js';
import { foldTerm, isTokenChar } from '../normalize/index.js';
import type { Context, Label, LanguageCode } from '../taxonomy.js';
import type { RulePack } from './schema.js';
import { MAX_HITS_PER_RULE, MAX_PLACES, MAX_WORD_REPEATS, PATTERN_WINDOW } from '../limits.js';
import { isSkeletonScript, latinSkeleton, scriptSkeletons } from './skeleton.js';

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

interface Word {
  text: string;
  prefix: boolean;
  /** Up to this many other tokens may come before this word (0, or 3 after `...`). */
  gap: number;
}

/** A compiled rule. */
export interface CompiledRule {
  /** `<pack lang>:<rule id>`. */
  key: string;
  lang: RulePack['lang'];
  label?: Label;
  context?: Context;
  weight: number;
}

interface CompiledTerm {
  rule: CompiledRule;
  words: Word[];
  /** The term as written back for evidence (`boat ... uk`, `passeur*`). */
  source: string;
}


/** Counts `word` in `seen`; true once it has been seen more than {@link MAX_WORD_REPEATS} times. */
function tooFrequent(seen: Map<string, number>, word: string): boolean {
  const n = (seen.get(word) ?? 0) + 1;
  seen.set(word, n);
  return n > MAX_WORD_REPEATS;
}

interface CompiledPattern {
  /** Every rule that lists this pattern (packs often share one, e.g. for t.me links). */
  rules: CompiledRule[];
  source: string;
  /** RE2 (linear time), or V8 for patterns certified linear by recheck (`safe-patterns.json`). */
  re: RE2JS | RegExp;
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

/** A word of a skeleton term: the consonant skeletons it may take. */
interface SkeletonWord {
  alts: string[];
  prefix: boolean;
  gap: number;
}

interface SkeletonTerm {
  rule: CompiledRule;
  words: SkeletonWord[];
  source: string;
}

/** Skeletons shorter than this (in consonant classes) are too common to match on their own. */
const MIN_SKELETON = 3;

/** A post's Latin token reduced to its skeleton, in folded offsets. */
export interface SkeletonToken extends Token {
  /**
   * The folded token is a word of a Latin-script language ("visa", "calais", "freitag"): a pack
   * word or a known word of those languages, so not a romanised script word.
   */
  known: boolean;
}

const MAX_GAP = 3;
const PREFIX_KEY = 3;

/** Folded words, memoised: packs repeat words a lot, and folding is the cost of compiling. */
const foldedWords = new Map<string, Token[]>();

/**
 * Seeds the memo with words folded ahead of time (`src/rules/packs/folded-words.json`, written at
 * build time by scripts/fold-words.ts from the built-in packs with this normaliser), so that
 * compiling the built-in packs does not fold 14,000 words at every start.
 */
export function seedFoldedWords(words: Readonly<Record<string, string[]>>): void {
  for (const [raw, folded] of Object.entries(words)) {
    let at = 0;
    foldedWords.set(raw, folded.map((text) => ({ text, start: at, end: (at += text.length + 1) - 1 })));
  }
}

/** Folds one word of a term into tokens (memoised). */
export function foldWord(raw: string): Token[] {
  let parts = foldedWords.get(raw);
  if (!parts) {
    // Plain lowercase ASCII letters without a triple letter fold to themselves.
    parts = /^[a-z]+$/.test(raw) && !/(.)\1\1/.test(raw) ? [{ text: raw, start: 0, end: raw.length }] : tokenize(foldTerm(raw));
    foldedWords.set(raw, parts);
  }
  return parts;
}

function parseTerm(term: string): Word[] {
  const words: Word[] = [];
  let gap = 0;
  for (const raw of term.trim().split(/\s+/)) {
    if (raw === '...' || raw === '…') {
      gap = MAX_GAP;
      continue;
    }
    const prefix = raw.endsWith('*');
    const parts = foldWord(prefix ? raw.slice(0, -1) : raw);
    parts.forEach((p, i) => {
      words.push({ text: p.text, prefix: prefix && i === parts.length - 1, gap: i === 0 ? gap : 0 });
    });
    gap = 0;
  }
  return words;
}

/** A compiled, immutable set of rule packs. Build one with {@link compileRules}. */
export class RuleSet {
  readonly packs: readonly RulePack[];
  readonly places: ReadonlyMap<string, string>;
  private readonly exact = new Map<string, CompiledTerm[]>();
  private readonly prefixes = new Map<string, CompiledTerm[]>();
  private readonly prefixLengths: number[];
  private readonly patterns: CompiledPattern[] = [];
  private readonly placeTerms: { place: string; words: Word[] }[] = [];
  private readonly placeIndex = new Map<string, { place: string; words: Word[] }[]>();
  /** Script terms (Arabic, Cyrillic, Greek) indexed by the skeleton of their first word. */
  private readonly skeletonExact = new Map<string, SkeletonTerm[]>();
  private readonly skeletonPrefixes = new Map<string, SkeletonTerm[]>();
  readonly ruleCount: number;
  /** Whether any term can match romanised words (see {@link RuleSet.matchSkeletons}). */
  readonly hasSkeletons: boolean;
  /** Every Latin-letter word of every pack's terms, folded. */
  private readonly latinWords = new Set<string>();

  /**
   * @param packs validated packs
   * @param certified patterns that recheck proved linear-time on V8 (flags `giu`); they run on V8,
   * which is faster. Every other pattern runs on re2js, linear by construction.
   */
  constructor(packs: readonly RulePack[], certified: ReadonlySet<string> = new Set()) {
    this.packs = packs;
    const issues: Issue[] = [];
    const lengths = new Set<number>();
    let count = 0;
    packs.forEach((pack, p) => {
      pack.rules.forEach((r, i) => {
        count++;
        const rule: CompiledRule = {
          key: `${pack.lang}:${r.id}`,
          lang: pack.lang,
          ...(r.label ? { label: r.label } : {}),
          ...(r.context ? { context: r.context } : {}),
          weight: r.weight ?? 0.5,
        };
        for (const term of r.terms ?? []) {
          const words = parseTerm(term);
          if (words.length === 0) continue; // only punctuation or emoji: nothing to match on
          const first = words[0]!;
          // Prefix words are bucketed by their first three characters (or fewer, when shorter).
          const key = first.prefix ? first.text.slice(0, PREFIX_KEY) : first.text;
          const index = first.prefix ? this.prefixes : this.exact;
          if (first.prefix) lengths.add(key.length);
          const list = index.get(key) ?? [];
          const source = words.map((w) => (w.gap ? '... ' : '') + w.text + (w.prefix ? '*' : '')).join(' ');
          list.push({ rule, words, source });
          index.set(key, list);
          this.addSkeletonTerm(rule, words, source);
          for (const w of words) if (/^[a-z]+$/.test(w.text)) this.latinWords.add(w.text);
        }
        (r.patterns ?? []).forEach((source, k) => {
          try {
            const known = this.patterns.find((x) => x.source === source);
            if (known) {
              known.rules.push(rule);
              return;
            }
            // Certified patterns were checked to be valid RE2 and linear on V8 when certified.
            const re = certified.has(source) ? new RegExp(source, 'giu') : RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
            this.patterns.push({ rules: [rule], source, re });
          } catch (e) {
            issues.push({
              code: 'UNSAFE_PATTERN',
              path: [p, 'rules', i, 'patterns', k],
              message: `pattern /${source}/ in ${pack.lang}:${r.id} is not valid RE2 (no backreferences or lookaround): ${(e as Error).message}`,
            });
          }
        });
      });
    });
    if (issues.length) {
      throw new SmuggleScanError('UNSAFE_PATTERN', `${issues.length} rule pattern(s) cannot run on the linear-time engine:\n${issues.map((i) => i.message).join('\n')}`, issues);
    }
    this.ruleCount = count;
    this.prefixLengths = [...lengths].sort((a, b) => a - b);
    const places = new Map<string, string>();
    for (const pack of packs) {
      for (const [place, aliases] of Object.entries(pack.places ?? {})) {
        for (const alias of [place, ...aliases]) {
          const words = parseTerm(alias);
          if (!words.length) continue;
          const entry = { place, words };
          this.placeTerms.push(entry);
          const list = this.placeIndex.get(words[0]!.text) ?? [];
          list.push(entry);
          this.placeIndex.set(words[0]!.text, list);
          places.set(words.map((w) => w.text).join(' '), place);
        }
      }
    }
    this.places = places;
    this.hasSkeletons = this.skeletonExact.size + this.skeletonPrefixes.size > 0;
  }

  /** Indexes a script term by its words' skeletons, when they are distinctive enough. */
  private addSkeletonTerm(rule: CompiledRule, words: Word[], source: string): void {
    if (!words.some((w) => isSkeletonScript(w.text))) return;
    const sk: SkeletonWord[] = [];
    let gap = 0;
    for (const w of words) {
      const alts = isSkeletonScript(w.text) ? scriptSkeletons(w.text) : [latinSkeleton(w.text)].filter(Boolean);
      if (alts.length === 0) {
        // A vowel-only word ("و", "ال"): romanised posts drop it too; it widens the gap instead.
        gap = Math.min(MAX_GAP, gap + (sk.length ? 1 : 0) + w.gap);
        continue;
      }
      if (w.prefix && alts.some((a) => a.length < MIN_SKELETON)) return;
      sk.push({ alts, prefix: w.prefix, gap: Math.max(gap, w.gap) });
      gap = 0;
    }
    // Leading one-letter particles (Pashto د, Persian به, از) would make the index key match
    // half the words of a Latin post; the term is indexed from its first longer word.
    while (sk.length > 1 && sk[0]!.alts.every((a) => a.length < 2)) {
      sk.shift();
      sk[0]!.gap = 0;
    }
    if (sk.length === 0 || sk[0]!.alts.some((a) => a.length < 2)) return;
    const shortest = sk.reduce((n, w) => n + Math.min(...w.alts.map((a) => a.length)), 0);
    if (shortest < (sk.length === 1 ? MIN_SKELETON : MIN_SKELETON + 1)) return;
    const first = sk[0]!;
    const term: SkeletonTerm = { rule, words: sk, source: `romanised(${source})` };
    const index = first.prefix ? this.skeletonPrefixes : this.skeletonExact;
    // Readings of the first word may share a key (prefix keys are their first three classes).
    for (const key of new Set(first.alts.map((a) => (first.prefix ? a.slice(0, MIN_SKELETON) : a)))) {
      const list = index.get(key) ?? [];
      list.push(term);
      index.set(key, list);
    }
  }

  /** Whether a folded Latin word is one the packs read as written (so not a romanised word). */
  isKnownWord(folded: string): boolean {
    return this.latinWords.has(folded);
  }

  /**
   * Finds script terms written in Latin letters. `skeletons` are the post's Latin tokens reduced
   * by {@link latinSkeleton} (folded offsets; vowel-only tokens left out).
   *
   * Short skeletons collide with ordinary words of Latin-script languages ("sang", "from"), so a
   * match counts only when (1) one of its words is not `known`, and (2) its pack matches at another
   * place in the post too: a romanised Persian advert matches the Persian pack several times, a
   * chance collision in a French post once.
   */
  matchSkeletons(skeletons: SkeletonToken[]): RuleHit[] {
    const found: { hit: RuleHit; first: number }[] = [];
    const counts = new Map<CompiledRule, number>();
    const seen = new Map<string, number>();
    for (let t = 0; t < skeletons.length; t++) {
      const tok = skeletons[t]!.text;
      if (tooFrequent(seen, tok)) continue;
      const exact = this.skeletonExact.get(tok);
      const prefixed = tok.length >= MIN_SKELETON ? this.skeletonPrefixes.get(tok.slice(0, MIN_SKELETON)) : undefined;
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

  /** Finds every rule hit in folded text. */
  match(text: string, tokens: Token[] = tokenize(text)): RuleHit[] {
    const hits: RuleHit[] = [];
    const counts = new Map<CompiledRule, number>();
    const seen = new Map<string, number>();
    for (let t = 0; t < tokens.length; t++) {
      const tok = tokens[t]!.text;
      if (tooFrequent(seen, tok)) continue;
      const candidates = this.exact.get(tok);
      if (candidates) for (const c of candidates) this.tryTerm(c, tokens, t, hits, counts);
      for (const len of this.prefixLengths) {
        if (len > tok.length) break;
        const pc = this.prefixes.get(len === tok.length ? tok : tok.slice(0, len));
        if (pc) for (const c of pc) if (tok.startsWith(c.words[0]!.text)) this.tryTerm(c, tokens, t, hits, counts);
      }
    }
    // Patterns read the first PATTERN_WINDOW characters (terms read everything): a bound on the
    // cost of a hostile 100k-character post, far beyond any real advert's length.
    const window = text.length > PATTERN_WINDOW ? text.slice(0, PATTERN_WINDOW) : text;
    for (const p of this.patterns) {
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
    return hits;
  }

  /** Places named in folded text, in order of first mention, with their folded offsets and first token. */
  findPlaces(tokens: Token[]): { place: string; start: number; end: number; token: number }[] {
    const found: { place: string; start: number; end: number; token: number }[] = [];
    for (let t = 0; t < tokens.length; t++) {
      for (const entry of this.placeIndex.get(tokens[t]!.text) ?? []) {
        const end = matchWords(entry.words, tokens, t);
        if (end >= 0) found.push({ place: entry.place, start: tokens[t]!.start, end: tokens[end]!.end, token: t });
      }
      if (found.length >= MAX_PLACES) break;
    }
    return found;
  }

  private tryTerm(c: CompiledTerm, tokens: Token[], t: number, hits: RuleHit[], counts: Map<CompiledRule, number>): void {
    const n = counts.get(c.rule) ?? 0;
    if (n >= MAX_HITS_PER_RULE) return;
    const end = matchWords(c.words, tokens, t);
    if (end < 0) return;
    counts.set(c.rule, n + 1);
    hits.push({ rule: c.rule, start: tokens[t]!.start, end: tokens[end]!.end, term: c.source });
  }
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

const matchWords = (words: Word[], tokens: Token[], t: number): number => matchSequence(words, tokens, t, wordMatches);
const matchSkeletonWords = (words: SkeletonWord[], tokens: Token[], t: number): number => matchSequence(words, tokens, t, skeletonMatches);

/** Languages whose pack runs at full weight for a post in `lang` (others run at a discount). */
export function isHomePack(packLang: RulePack['lang'], lang: LanguageCode): boolean {
  return packLang === 'common' || lang === 'und' || packLang === lang;
}
