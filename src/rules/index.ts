/**
 * Stage 3: rules. Loads and validates rule packs, matches them on the folded text, extracts
 * indicators, and turns hits into per-label rule scores, frame (context) strengths and evidence
 * with spans of the input.
 * @module
 */
import { SmuggleScanError, formatIssues, fromZodIssues, type Issue } from '../errors.js';
import { originalSpan, type Normalized } from '../normalize/index.js';
import { CONTEXTS, LABELS, PRIMARY_LABELS, type Context, type Label, type LanguageCode } from '../taxonomy.js';
import type { Evidence, Indicators, LabelScores } from '../types.js';
import { RuleSet, isHomePack, seedFoldedWords, tokenize, type RuleHit, type SkeletonToken, type Token } from './engine.js';
import { latinSkeleton, seedSkeletons } from './skeleton.js';
import { quotedSpans } from './quotes.js';
import { LATIN_NATIVE, isMostlyLatin, mixedLanguages, packSpeaks } from './mixing.js';
import { structureOf, type Structure } from './structure.js';
import { findIndicators, findPrices } from './indicators.js';
import { BUILTIN_PACKS } from './packs/index.js';
import certifiedPatterns from './packs/safe-patterns.json';
import prefolded from './packs/folded-words.json';
import latinWords from './packs/latin-words.json';
import gazetteer from './packs/gazetteer.json';
import { RulePackSchema, type RulePack } from './schema.js';
import { MAX_EVIDENCE, MAX_RULE_EVIDENCE, PACK_LIMITS, SENTENCE_LOOKBACK } from '../limits.js';

export { PACK_LIMITS };

export { RuleSet, tokenize } from './engine.js';
export { RulePackSchema, RuleSchema, type Rule, type RulePack } from './schema.js';
export { findIndicators, findPrices } from './indicators.js';
export { latinSkeleton, scriptSkeletons } from './skeleton.js';
export { structureOf, type Structure } from './structure.js';

/** Matches from packs of another language than the post's count for this share of their weight. */
export const FOREIGN_PACK_DISCOUNT = 0.7;
/** A post whose offer evidence all lies inside quotation marks gets a reporting frame this strong. */
export const QUOTED_OFFER_FRAME = 0.7;
/** Script terms matched on romanised words (by consonant skeleton) count for this share. */
export const SKELETON_DISCOUNT = 0.8;

const LATIN_IN_FOLDED = /[a-z]/;
const ASCII = /^[\x00-\x7f]*$/;
const MARKS = /\p{M}/gu;

/**
 * The post's Latin-script tokens as consonant skeletons, read from the input (not the folded
 * text: folding reads "ba7r" as leetspeak "batr", Arabizi reads 7 as ḥ).
 */
function skeletonTokens(n: Normalized, tokens: Token[], rules: RuleSet): SkeletonToken[] {
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
    if (text) out.push({ text, start: tok.start, end: tok.end, known: rules.isKnownWord(tok.text) || COMMON_LATIN_WORDS.has(tok.text) });
  }
  return out;
}

/** Words of Latin-script languages (from the train split, scripts/latin-words.ts): never romanised. */
const COMMON_LATIN_WORDS: ReadonlySet<string> = new Set((latinWords as { words: string[] }).words);
const TITLE_CASE = /^\p{Lu}\p{Ll}/u;
const SENTENCE_END = /[.!?…:;\n\r"«»“”()\[\]]/;

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

/** Skeletons of input words, memoised (bounded): posts repeat words a lot. */
const skeletonMemo = new Map<string, string>();

/** The result of {@link safeLoadRules}: the rule set, or every problem found. */
export type SafeLoadResult =
  | { success: true; rules: RuleSet }
  | { success: false; error: SmuggleScanError };

/**
 * Validates rule packs (objects as parsed from JSON) and compiles them, never throwing.
 * Each problem names its path: `[packIndex, 'rules', ruleIndex, field]`.
 * @example
 * const r = safeLoadRules([{ lang: 'eng', rules: [] }]);
 * if (!r.success) console.error(r.error.issues);
 */
export function safeLoadRules(packs: unknown, options: { includeBuiltin?: boolean } = {}): SafeLoadResult {
  const list = Array.isArray(packs) ? packs : [packs];
  const issues: Issue[] = [];
  const valid: RulePack[] = [];
  if (list.length > PACK_LIMITS.packs) {
    issues.push({ code: 'INVALID_RULE_PACK', path: [], message: `${list.length} packs, over the limit of ${PACK_LIMITS.packs}; merge them by language` });
  }
  const totals = { rules: 0, terms: 0, patterns: 0, chars: 0 };
  list.forEach((p, i) => {
    const over = packLimitIssues(p, i, totals);
    if (over.length) {
      issues.push(...over);
      return;
    }
    const parsed = RulePackSchema.safeParse(p);
    if (parsed.success) valid.push(parsed.data);
    else issues.push(...fromZodIssues('INVALID_RULE_PACK', parsed.error.issues, [i]));
  });
  if (issues.length) {
    return {
      success: false,
      error: new SmuggleScanError(
        'INVALID_RULE_PACK',
        `${issues.length} problem(s) in the rule pack(s); fix them or leave the pack out:\n${formatIssues(issues)}`,
        issues,
      ),
    };
  }
  try {
    const all = options.includeBuiltin ? [...builtinPacks(), ...valid] : valid;
    return { success: true, rules: new RuleSet(all, CERTIFIED) };
  } catch (e) {
    if (e instanceof SmuggleScanError) return { success: false, error: e };
    throw e;
  }
}


function limitIssue(path: (string | number)[], message: string): Issue {
  return { code: 'INVALID_RULE_PACK', path, message };
}

/** Checks one raw pack against {@link PACK_LIMITS} and for `__proto__` keys; adds to the running totals. */
function packLimitIssues(p: unknown, i: number, totals: { rules: number; terms: number; patterns: number; chars: number }): Issue[] {
  const out: Issue[] = [];
  if (typeof p !== 'object' || p === null) return out; // the schema reports it
  const pack = p as { rules?: unknown; places?: unknown };
  if (typeof pack.places === 'object' && pack.places !== null) {
    const keys = Object.keys(pack.places);
    // JSON.parse makes "__proto__" an own key; validation would drop it silently.
    if (Object.prototype.hasOwnProperty.call(pack.places, '__proto__')) out.push(limitIssue([i, 'places', '__proto__'], 'a place cannot be called "__proto__"; rename it'));
    if (keys.length > PACK_LIMITS.places) out.push(limitIssue([i, 'places'], `${keys.length} places, over the limit of ${PACK_LIMITS.places}`));
    for (const k of keys.slice(0, PACK_LIMITS.places)) {
      const aliases = (pack.places as Record<string, unknown>)[k];
      if (Array.isArray(aliases)) for (const a of aliases) if (typeof a === 'string') totals.chars += a.length;
    }
  }
  if (!Array.isArray(pack.rules)) return out;
  totals.rules += pack.rules.length;
  if (totals.rules > PACK_LIMITS.rules) out.push(limitIssue([i, 'rules'], `${totals.rules} rules in the user packs, over the limit of ${PACK_LIMITS.rules}`));
  pack.rules.slice(0, PACK_LIMITS.rules).forEach((r: unknown, k: number) => {
    if (typeof r !== 'object' || r === null) return;
    const { terms, patterns } = r as { terms?: unknown; patterns?: unknown };
    if (Array.isArray(terms)) {
      totals.terms += terms.length;
      if (terms.length > PACK_LIMITS.termsPerRule) out.push(limitIssue([i, 'rules', k, 'terms'], `${terms.length} terms, over the limit of ${PACK_LIMITS.termsPerRule} per rule; split the rule`));
      for (const t of terms) if (typeof t === 'string') totals.chars += t.length;
    }
    if (Array.isArray(patterns)) {
      totals.patterns += patterns.length;
      if (patterns.length > PACK_LIMITS.patternsPerRule) out.push(limitIssue([i, 'rules', k, 'patterns'], `${patterns.length} patterns, over the limit of ${PACK_LIMITS.patternsPerRule} per rule`));
      patterns.forEach((pat: unknown, j: number) => {
        if (typeof pat !== 'string') return;
        totals.chars += pat.length;
        const ops = (pat.replace(/\\./g, '').match(/[*+?|]|\{\d*,?\d*\}/g) ?? []).length;
        if (ops > PACK_LIMITS.patternOperators) out.push(limitIssue([i, 'rules', k, 'patterns', j], `${ops} quantifiers and alternations, over the limit of ${PACK_LIMITS.patternOperators}; use terms for word lists`));
      });
    }
  });
  if (totals.terms > PACK_LIMITS.terms) out.push(limitIssue([i], `${totals.terms} terms in the user packs, over the limit of ${PACK_LIMITS.terms}`));
  if (totals.patterns > PACK_LIMITS.patterns) out.push(limitIssue([i], `${totals.patterns} patterns in the user packs, over the limit of ${PACK_LIMITS.patterns}`));
  if (totals.chars > PACK_LIMITS.chars) out.push(limitIssue([i], `${totals.chars} characters of terms, patterns and places in the user packs, over the limit of ${PACK_LIMITS.chars}`));
  return out;
}

/**
 * Like {@link safeLoadRules}, but throws a {@link SmuggleScanError} (`INVALID_RULE_PACK` or
 * `UNSAFE_PATTERN`) listing every problem.
 * @example const rules = loadRules([myPack], { includeBuiltin: true });
 */
export function loadRules(packs: unknown, options: { includeBuiltin?: boolean } = {}): RuleSet {
  const r = safeLoadRules(packs, options);
  if (!r.success) throw r.error;
  return r.rules;
}

/**
 * The common pack's places, widened with the country names of the generated gazetteer
 * (scripts/gen-places.ts, from i18n-iso-countries): hand-written aliases, ports and border towns
 * stay; a country the common pack lacks comes in under its English name.
 */
function withGazetteer(packs: RulePack[]): RulePack[] {
  const extra = (gazetteer as { places: Record<string, string[]> }).places;
  return packs.map((p) => {
    if (p.lang !== 'common') return p;
    const places: Record<string, string[]> = { ...(p.places ?? {}) };
    for (const [name, aliases] of Object.entries(extra)) places[name] = [...new Set([...(places[name] ?? []), ...aliases])];
    return { ...p, places };
  });
}

/** Built-in patterns that recheck proved linear on V8 (written by `npm run rules:check`). */
const CERTIFIED: ReadonlySet<string> = new Set((certifiedPatterns as { linear: string[] }).linear);

let builtinCache: RulePack[] | undefined;
let builtinSet: RuleSet | undefined;

/** The built-in packs (`src/rules/packs/*.json`, validated by the tests and `npm run rules:check`). */
export function builtinPacks(): RulePack[] {
  if (!builtinCache) {
    seedFoldedWords((prefolded as { words: Record<string, string[]> }).words);
    seedSkeletons((prefolded as { skeletons?: Record<string, string[]> }).skeletons ?? {});
    // The built-in packs are validated against RulePackSchema by the tests and by
    // `npm run rules:check`, not at every start (about 45 ms of a cold start).
    builtinSet = new RuleSet(withGazetteer(BUILTIN_PACKS as unknown as RulePack[]), CERTIFIED);
    builtinCache = [...builtinSet.packs];
  }
  return builtinCache;
}

/** The compiled built-in rule set, built once. */
export function builtinRules(): RuleSet {
  if (!builtinSet) builtinPacks();
  return builtinSet!;
}

/** Frame strengths in [0, 1], per context. */
export type ContextScores = Record<Context, number>;

/** What the rules stage found in one post. */
export interface RuleAnalysis {
  /** Per-label rule scores in [0, 1] (noisy-OR of matched rule weights), before fusion. */
  labels: LabelScores;
  contexts: ContextScores;
  evidence: Evidence[];
  indicators: Indicators;
  /** Offer structure and question share (see structure.ts). */
  structure: Structure;
}

const zeroLabels = (): LabelScores => Object.fromEntries(LABELS.map((l) => [l, 0])) as LabelScores;
const zeroContexts = (): ContextScores => Object.fromEntries(CONTEXTS.map((c) => [c, 0])) as ContextScores;

/** Evidence weights for indicators. */
const INDICATOR_WEIGHT = { phone: 0.45, handle: 0.45, price: 0.45 } as const;

function evidenceFor(n: Normalized, hit: RuleHit, weight: number): Evidence {
  const span = originalSpan(n, hit.start, hit.end);
  const ev: Evidence = {
    label: hit.rule.label ?? 'context',
    source: hit.rule.context ? 'context' : 'rules',
    rule: hit.rule.key,
    start: span.start,
    end: span.end,
    text: n.original.slice(span.start, span.end),
    weight: Math.round(weight * 1000) / 1000,
  };
  if (hit.rule.context) ev.context = hit.rule.context;
  return ev;
}

/** Sorted, pairwise disjoint spans; `add` keeps a span only if it overlaps none already kept. */
class DisjointSpans {
  private starts: number[] = [];
  private ends: number[] = [];
  add(start: number, end: number): boolean {
    // The first kept span starting at or after `end`; only the one before it can overlap.
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < end) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && this.ends[lo - 1]! > start) return false;
    this.starts.splice(lo, 0, start);
    this.ends.splice(lo, 0, end);
    return true;
  }
}

/**
 * Runs the rules on a normalised post.
 * @example analyzeRules(normalize('Boat to UK, 3 places, WhatsApp +44 7700 900123'), 'eng', builtinRules())
 */
export function analyzeRules(n: Normalized, lang: LanguageCode, rules: RuleSet): RuleAnalysis {
  const tokens = tokenize(n.text);
  const mixed = mixedLanguages(tokens);
  const all = rules.match(n.text, tokens);
  // Romanised matching only for a post detected as romanised text of a script language.
  if (rules.hasSkeletons && !LATIN_NATIVE.has(lang) && lang !== 'und') all.push(...rules.matchSkeletons(skeletonTokens(n, tokens, rules)));
  const latinPost = isMostlyLatin(n.text);
  const hits = all.filter((h) => packSpeaks(h.rule.lang, lang, n.text.slice(h.start, h.end), mixed, h.romanised === true, latinPost));
  const evidence: Evidence[] = [];
  // Per rule: the best weight, and how many distinct terms matched.
  const perRule = new Map<string, { hit: RuleHit; weight: number; terms: Set<string> }>();
  // Overlapping matches for one label count once, at the best weight: several packs' price
  // patterns on "300 Euro", or "boat" inside "boat to UK", are one piece of evidence, not three.
  const scored = hits.map((hit) => ({
    hit,
    weight: hit.rule.weight * (isHomePack(hit.rule.lang, lang) ? 1 : FOREIGN_PACK_DISCOUNT) * (hit.romanised ? SKELETON_DISCOUNT : 1),
  }));
  scored.sort((a, b) => b.weight - a.weight || a.hit.start - b.hit.start);
  const taken = new Map<string, DisjointSpans>();
  const kept: typeof scored = [];
  for (const s of scored) {
    const key = s.hit.rule.label ?? s.hit.rule.context!;
    let spans = taken.get(key);
    if (!spans) taken.set(key, (spans = new DisjointSpans()));
    if (spans.add(s.hit.start, s.hit.end)) kept.push(s);
  }
  kept.sort((a, b) => a.hit.start - b.hit.start);
  for (const { hit, weight } of kept) {
    const prev = perRule.get(hit.rule.key);
    if (prev) {
      prev.terms.add(hit.term);
      if (weight > prev.weight) prev.weight = weight;
    } else {
      perRule.set(hit.rule.key, { hit, weight, terms: new Set([hit.term]) });
    }
    if (evidence.length < MAX_RULE_EVIDENCE) evidence.push(evidenceFor(n, hit, weight));
  }
  const labelMiss = zeroLabels();
  const contextMiss = zeroContexts();
  for (const l of LABELS) labelMiss[l] = 1;
  for (const c of CONTEXTS) contextMiss[c] = 1;

  // Offer words inside quotation marks are reported speech (news, warnings), not an offer.
  const offers = evidence.filter((e) => e.source === 'rules' && (PRIMARY_LABELS as readonly string[]).includes(e.label));
  if (offers.length) {
    const quotes = quotedSpans(n.original);
    const inside = quotes.length ? offers.filter((e) => quotes.some(([a, b]) => e.start > a && e.end <= b)) : [];
    if (inside.length) {
      const strength = QUOTED_OFFER_FRAME * (inside.length / offers.length);
      contextMiss.report *= 1 - strength;
      const [a, b] = quotes.find(([qa, qb]) => inside[0]!.start > qa && inside[0]!.end <= qb)!;
      evidence.push({ label: 'context', source: 'context', rule: 'common:context.quoted_offer', context: 'report', start: a, end: b + 1, text: n.original.slice(a, b + 1), weight: Math.round(strength * 1000) / 1000 });
    }
  }
  for (const { hit, weight, terms } of perRule.values()) {
    // A second distinct term of the same rule adds half as much again.
    const w = 1 - (1 - weight) ** (1 + 0.5 * Math.min(terms.size - 1, 2));
    if (hit.rule.label) labelMiss[hit.rule.label] *= 1 - w;
    if (hit.rule.context) contextMiss[hit.rule.context] *= 1 - w;
  }

  const found = findIndicators(n.original, lang);
  const prices = findPrices(n.text);
  const addIndicator = (label: Label, rule: string, start: number, end: number, weight: number): void => {
    labelMiss[label] *= 1 - weight;
    if (evidence.length < MAX_EVIDENCE) {
      evidence.push({ label, source: 'indicator', rule, start, end, text: n.original.slice(start, end), weight });
    }
  };
  for (const p of found.phones) addIndicator('contact_handoff', 'indicator.phone', p.start, p.end, INDICATOR_WEIGHT.phone);
  for (const h of found.handles) addIndicator('contact_handoff', 'indicator.handle', h.start, h.end, INDICATOR_WEIGHT.handle);
  for (const p of prices) {
    const span = originalSpan(n, p.start, p.end);
    addIndicator('payment_terms', 'indicator.price', span.start, span.end, INDICATOR_WEIGHT.price);
  }
  const places: string[] = [];
  const origins: string[] = [];
  for (const p of rules.findPlaces(tokens)) {
    if (!places.includes(p.place)) places.push(p.place);
    // "from Dunkirk", "depuis Calais", "min Zuwara", "az Van": the place a route starts at.
    if (p.token > 0 && ORIGIN_WORDS.has(tokens[p.token - 1]!.text) && !origins.includes(p.place)) origins.push(p.place);
  }
  const origin = origins[0] ?? places[0];
  const destination = [...places].reverse().find((p) => p !== origin && !origins.includes(p));
  const routes = origin && destination ? [`${origin}→${destination}`] : [];

  const labels = zeroLabels();
  for (const l of LABELS) labels[l] = 1 - labelMiss[l];
  const contexts = zeroContexts();
  for (const c of CONTEXTS) contexts[c] = 1 - contextMiss[c];
  const indicators: Indicators = {
    phones: unique(found.phones.map((p) => p.value)),
    handles: unique(found.handles.map((h) => h.value)),
    urls: unique(found.urls.map((u) => u.value)),
    prices: prices.map((p) => p.value),
    places,
    routes,
  };
  return { labels, contexts, evidence, indicators, structure: structureOf(labels, indicators, n.original) };
}

/** Words before a place that make it a route's start, folded, in the taxonomy's languages. */
const ORIGIN_WORDS: ReadonlySet<string> = new Set(
  ('from de depuis du des da dal dalla dallo desde von aus ab vom min mn men az ji ne nga prej tu ' +
    'ot iz apo den dan kaynak cikis من از له لە د ሓበ ካብ ከ от из апо από').split(' '),
);

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
