/**
 * Compiling rule packs: every term folded like post text and indexed by its first word (or its
 * first word's prefix), script terms also by their consonant skeletons (skeleton.ts), patterns on
 * re2js (linear time) or V8 for patterns certified linear. {@link RuleSet} is the compiled,
 * immutable result; matching is in match.ts, places in places.ts.
 * @module
 */
import { RE2JS } from 're2js';
import { SmuggleScanError, type Issue } from '../errors.js';
import { foldTerm } from '../normalize/index.js';
import type { Context, Label } from '../taxonomy.js';
import type { RulePack } from './schema.js';
import { isSkeletonScript, latinSkeleton, scriptSkeletons } from './skeleton.js';
import { MIN_SKELETON, matchIndex, matchSkeletonIndex, tokenize, type RuleHit, type SkeletonToken, type Token } from './match.js';
import { compilePlaces, findPlaces, type PlaceIndex } from './places.js';

/** A word of a compiled term. */
export interface Word {
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

/** A compiled term of a rule. */
export interface CompiledTerm {
  rule: CompiledRule;
  words: Word[];
  /** The term as written back for evidence (`boat ... uk`, `passeur*`). */
  source: string;
}

/** A compiled pattern. */
export interface CompiledPattern {
  /** Every rule that lists this pattern (packs often share one, e.g. for t.me links). */
  rules: CompiledRule[];
  source: string;
  /** RE2 (linear time), or V8 for patterns certified linear by recheck (`generated/safe-patterns.json`). */
  re: RE2JS | RegExp;
}

/** A word of a skeleton term: the consonant skeletons it may take. */
export interface SkeletonWord {
  alts: string[];
  prefix: boolean;
  gap: number;
}

/** A script term indexed by the skeletons of its words. */
export interface SkeletonTerm {
  rule: CompiledRule;
  words: SkeletonWord[];
  source: string;
}

/** The indexes matching reads (match.ts). */
export interface CompiledIndex {
  exact: Map<string, CompiledTerm[]>;
  prefixes: Map<string, CompiledTerm[]>;
  /** The lengths of the prefix keys, ascending. */
  prefixLengths: number[];
  patterns: CompiledPattern[];
  /** Script terms (Arabic, Cyrillic, Greek) indexed by the skeleton of their first word. */
  skeletonExact: Map<string, SkeletonTerm[]>;
  skeletonPrefixes: Map<string, SkeletonTerm[]>;
}

/**
 * Words read ahead of time, so that compiling does not fold every pack word at start-up. For the
 * built-in packs these come from `generated/` (scripts/build-rules.ts); each must equal what the
 * normaliser and the skeleton reader give now (tests/rules/folded-words.test.ts checks it).
 */
export interface RuleLexicon {
  /** Raw term word → its folded tokens. Words missing here are folded when compiled. */
  folded: Readonly<Record<string, readonly string[]>>;
  /** Folded script word → its consonant skeletons. Words missing here are read when compiled. */
  skeletons: Readonly<Record<string, readonly string[]>>;
  /** Folded words of Latin-script languages (never read as romanised script words). */
  latinWords: ReadonlySet<string>;
}

/** A lexicon with nothing read ahead: every word is folded and read when compiled. */
export const EMPTY_LEXICON: RuleLexicon = { folded: {}, skeletons: {}, latinWords: new Set() };

/** Options of {@link RuleSet}. */
export interface RuleSetOptions {
  /** Words folded ahead of time and the Latin-script words (default: none). */
  lexicon?: RuleLexicon;
  /**
   * Patterns that recheck proved linear-time on V8 (flags `giu`); they run on V8, which is faster.
   * Every other pattern runs on re2js, linear by construction.
   */
  certified?: ReadonlySet<string>;
}

const MAX_GAP = 3;
const PREFIX_KEY = 3;

/** Folds term words, reading the lexicon first; memoised per rule set (packs repeat words a lot). */
class WordFolder {
  private readonly memo = new Map<string, Token[]>();
  constructor(private readonly lexicon: RuleLexicon) {}

  /** Folds one word of a term into tokens. */
  fold(raw: string): Token[] {
    let parts = this.memo.get(raw);
    if (!parts) {
      const known = Object.hasOwn(this.lexicon.folded, raw) ? this.lexicon.folded[raw] : undefined;
      if (known) {
        let at = 0;
        parts = known.map((text) => ({ text, start: at, end: (at += text.length + 1) - 1 }));
      } else {
        // Plain lowercase ASCII letters without a triple letter fold to themselves.
        parts = /^[a-z]+$/.test(raw) && !/(.)\1\1/.test(raw) ? [{ text: raw, start: 0, end: raw.length }] : tokenize(foldTerm(raw));
      }
      this.memo.set(raw, parts);
    }
    return parts;
  }

  /** The consonant skeletons of a folded script word. */
  skeletons(word: string): string[] {
    const known = Object.hasOwn(this.lexicon.skeletons, word) ? this.lexicon.skeletons[word] : undefined;
    return known ? (known as string[]) : scriptSkeletons(word);
  }

  /** Parses a term into folded words. */
  parseTerm(term: string): Word[] {
    const words: Word[] = [];
    let gap = 0;
    for (const raw of term.trim().split(/\s+/)) {
      if (raw === '...' || raw === '…') {
        gap = MAX_GAP;
        continue;
      }
      const prefix = raw.endsWith('*');
      const parts = this.fold(prefix ? raw.slice(0, -1) : raw);
      parts.forEach((p, i) => {
        words.push({ text: p.text, prefix: prefix && i === parts.length - 1, gap: i === 0 ? gap : 0 });
      });
      gap = 0;
    }
    return words;
  }
}

/** A compiled, immutable set of rule packs. Build one with `loadRules` or `builtinRules`. */
export class RuleSet {
  readonly packs: readonly RulePack[];
  readonly places: ReadonlyMap<string, string>;
  readonly ruleCount: number;
  /** Whether any term can match romanised words (see {@link RuleSet.matchSkeletons}). */
  readonly hasSkeletons: boolean;
  private readonly index: CompiledIndex = {
    exact: new Map(), prefixes: new Map(), prefixLengths: [], patterns: [], skeletonExact: new Map(), skeletonPrefixes: new Map(),
  };
  private readonly placeIndex: PlaceIndex;
  /** Every Latin-letter word of every pack's terms, folded. */
  private readonly latinWords = new Set<string>();
  private readonly lexicon: RuleLexicon;

  /**
   * @param packs validated packs
   * @param options the lexicon read ahead of time and the patterns certified for V8
   */
  constructor(packs: readonly RulePack[], options: RuleSetOptions = {}) {
    this.packs = packs;
    this.lexicon = options.lexicon ?? EMPTY_LEXICON;
    const certified = options.certified ?? new Set<string>();
    const folder = new WordFolder(this.lexicon);
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
        for (const term of r.terms ?? []) this.addTerm(rule, folder.parseTerm(term), folder, lengths);
        (r.patterns ?? []).forEach((source, k) => {
          const problem = addPattern(this.index.patterns, rule, source, certified);
          if (problem) issues.push({ code: 'UNSAFE_PATTERN', path: [p, 'rules', i, 'patterns', k], message: `pattern /${source}/ in ${pack.lang}:${r.id} ${problem}` });
        });
      });
    });
    if (issues.length) {
      throw new SmuggleScanError('UNSAFE_PATTERN', `${issues.length} rule pattern(s) cannot run on the linear-time engine:\n${issues.map((i) => i.message).join('\n')}`, issues);
    }
    this.ruleCount = count;
    this.index.prefixLengths = [...lengths].sort((a, b) => a - b);
    const places = compilePlaces(packs, (alias) => folder.parseTerm(alias));
    this.places = places.names;
    this.placeIndex = places.index;
    this.hasSkeletons = this.index.skeletonExact.size + this.index.skeletonPrefixes.size > 0;
  }

  /** Indexes a term by its first word (prefix words by their first three characters, or fewer). */
  private addTerm(rule: CompiledRule, words: Word[], folder: WordFolder, lengths: Set<number>): void {
    if (words.length === 0) return; // only punctuation or emoji: nothing to match on
    const first = words[0]!;
    const key = first.prefix ? first.text.slice(0, PREFIX_KEY) : first.text;
    const index = first.prefix ? this.index.prefixes : this.index.exact;
    if (first.prefix) lengths.add(key.length);
    const source = words.map((w) => (w.gap ? '... ' : '') + w.text + (w.prefix ? '*' : '')).join(' ');
    addTo(index, key, { rule, words, source });
    const sk = skeletonTerm(rule, words, source, folder);
    if (sk) {
      const first = sk.words[0]!;
      const index = first.prefix ? this.index.skeletonPrefixes : this.index.skeletonExact;
      // Readings of the first word may share a key (prefix keys are their first three classes).
      for (const key of new Set(first.alts.map((a) => (first.prefix ? a.slice(0, MIN_SKELETON) : a)))) addTo(index, key, sk);
    }
    for (const w of words) if (/^[a-z]+$/.test(w.text)) this.latinWords.add(w.text);
  }

  /** Whether a folded Latin word is one the packs read as written (so not a romanised word). */
  isKnownWord(folded: string): boolean {
    return this.latinWords.has(folded);
  }

  /** Whether a folded word is a pack's Latin word or a word of a Latin-script language (the lexicon's). */
  isLatinWord(folded: string): boolean {
    return this.latinWords.has(folded) || this.lexicon.latinWords.has(folded);
  }

  /**
   * Finds script terms written in Latin letters (see match.ts: `matchSkeletonIndex`).
   * `skeletons` are the post's Latin tokens reduced by {@link latinSkeleton}.
   */
  matchSkeletons(skeletons: SkeletonToken[]): RuleHit[] {
    return matchSkeletonIndex(this.index, skeletons);
  }

  /** Finds every rule hit in folded text. */
  match(text: string, tokens: Token[] = tokenize(text)): RuleHit[] {
    return matchIndex(this.index, text, tokens);
  }

  /** Places named in folded text, in order of first mention, with their folded offsets and first token. */
  findPlaces(tokens: Token[]): { place: string; start: number; end: number; token: number }[] {
    return findPlaces(this.placeIndex, tokens);
  }
}

function addTo<T>(index: Map<string, T[]>, key: string, item: T): void {
  const list = index.get(key) ?? [];
  list.push(item);
  index.set(key, list);
}

/** Compiles a pattern into `patterns` (or adds the rule to the same pattern); a problem, or undefined. */
function addPattern(patterns: CompiledPattern[], rule: CompiledRule, source: string, certified: ReadonlySet<string>): string | undefined {
  try {
    const known = patterns.find((x) => x.source === source);
    if (known) {
      known.rules.push(rule);
      return undefined;
    }
    // Certified patterns were checked to be valid RE2 and linear on V8 when certified.
    const re = certified.has(source) ? new RegExp(source, 'giu') : RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    patterns.push({ rules: [rule], source, re });
    return undefined;
  } catch (e) {
    return `is not valid RE2 (no backreferences or lookaround): ${(e as Error).message}`;
  }
}

/** A script term's skeleton form, when its words are distinctive enough. */
function skeletonTerm(rule: CompiledRule, words: Word[], source: string, folder: WordFolder): SkeletonTerm | undefined {
  if (!words.some((w) => isSkeletonScript(w.text))) return undefined;
  const sk: SkeletonWord[] = [];
  let gap = 0;
  for (const w of words) {
    const alts = isSkeletonScript(w.text) ? folder.skeletons(w.text) : [latinSkeleton(w.text)].filter(Boolean);
    if (alts.length === 0) {
      // A vowel-only word ("و", "ال"): romanised posts drop it too; it widens the gap instead.
      gap = Math.min(MAX_GAP, gap + (sk.length ? 1 : 0) + w.gap);
      continue;
    }
    if (w.prefix && alts.some((a) => a.length < MIN_SKELETON)) return undefined;
    sk.push({ alts, prefix: w.prefix, gap: Math.max(gap, w.gap) });
    gap = 0;
  }
  // Leading one-letter particles (Pashto د, Persian به, از) would make the index key match
  // half the words of a Latin post; the term is indexed from its first longer word.
  while (sk.length > 1 && sk[0]!.alts.every((a) => a.length < 2)) {
    sk.shift();
    sk[0]!.gap = 0;
  }
  if (sk.length === 0 || sk[0]!.alts.some((a) => a.length < 2)) return undefined;
  const shortest = sk.reduce((n, w) => n + Math.min(...w.alts.map((a) => a.length)), 0);
  if (shortest < (sk.length === 1 ? MIN_SKELETON : MIN_SKELETON + 1)) return undefined;
  return { rule, words: sk, source: `romanised(${source})` };
}
