/**
 * Loading rule packs: validation (zod schema and size limits, every problem with its path), and
 * compilation with the built-in lexicon (words folded ahead of time, Latin-script words) and the
 * patterns certified for V8, which every rule set gets, built-in or not.
 * @module
 */
import { SmuggleScanError, formatIssues, fromZodIssues, type Issue } from '../errors.js';
import { PACK_LIMITS } from '../limits.js';
import { RuleSet, type RuleLexicon } from './compile.js';
import { withGazetteer } from './places.js';
import { RulePackSchema, type RulePack } from './schema.js';
import { BUILTIN_PACKS } from './generated/packs.js';
import certifiedPatterns from './generated/safe-patterns.json';
import prefolded from './generated/folded-words.json';
import latinWords from './generated/latin-words.json';

/** The result of {@link safeLoadRules}: the rule set, or every problem found. */
export type SafeLoadResult =
  | { success: true; rules: RuleSet }
  | { success: false; error: SmuggleScanError };

let lexicon: RuleLexicon | undefined;
let certified: ReadonlySet<string> | undefined;

/**
 * The lexicon every rule set is compiled with: the built-in packs' words folded ahead of time,
 * their skeletons (`generated/folded-words.json`), and the words of Latin-script languages from
 * the train split (`generated/latin-words.json`), never read as romanised words.
 */
export function builtinLexicon(): RuleLexicon {
  lexicon ??= {
    folded: (prefolded as { words: Record<string, string[]> }).words,
    skeletons: (prefolded as { skeletons?: Record<string, string[]> }).skeletons ?? {},
    latinWords: new Set((latinWords as { words: string[] }).words),
  };
  return lexicon;
}

/** Built-in patterns that recheck proved linear on V8 (`generated/safe-patterns.json`, from `npm run rules:check`). */
export function certifiedPatternSet(): ReadonlySet<string> {
  certified ??= new Set((certifiedPatterns as { linear: string[] }).linear);
  return certified;
}

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
    return { success: true, rules: new RuleSet(all, { lexicon: builtinLexicon(), certified: certifiedPatternSet() }) };
  } catch (e) {
    if (e instanceof SmuggleScanError) return { success: false, error: e };
    throw e;
  }
}

function limitIssue(path: (string | number)[], message: string): Issue {
  return { code: 'INVALID_RULE_PACK', path, message };
}

type Totals = { rules: number; terms: number; patterns: number; chars: number };

/** Checks one raw pack against {@link PACK_LIMITS} and for `__proto__` keys; adds to the running totals. */
function packLimitIssues(p: unknown, i: number, totals: Totals): Issue[] {
  const out: Issue[] = [];
  if (typeof p !== 'object' || p === null) return out; // the schema reports it
  const pack = p as { rules?: unknown; places?: unknown };
  if (typeof pack.places === 'object' && pack.places !== null) out.push(...placeLimitIssues(pack.places, i, totals));
  if (!Array.isArray(pack.rules)) return out;
  totals.rules += pack.rules.length;
  if (totals.rules > PACK_LIMITS.rules) out.push(limitIssue([i, 'rules'], `${totals.rules} rules in the user packs, over the limit of ${PACK_LIMITS.rules}`));
  pack.rules.slice(0, PACK_LIMITS.rules).forEach((r: unknown, k: number) => {
    if (typeof r === 'object' && r !== null) out.push(...ruleLimitIssues(r as { terms?: unknown; patterns?: unknown }, [i, 'rules', k], totals));
  });
  if (totals.terms > PACK_LIMITS.terms) out.push(limitIssue([i], `${totals.terms} terms in the user packs, over the limit of ${PACK_LIMITS.terms}`));
  if (totals.patterns > PACK_LIMITS.patterns) out.push(limitIssue([i], `${totals.patterns} patterns in the user packs, over the limit of ${PACK_LIMITS.patterns}`));
  if (totals.chars > PACK_LIMITS.chars) out.push(limitIssue([i], `${totals.chars} characters of terms, patterns and places in the user packs, over the limit of ${PACK_LIMITS.chars}`));
  return out;
}

function placeLimitIssues(places: object, i: number, totals: Totals): Issue[] {
  const out: Issue[] = [];
  const keys = Object.keys(places);
  // JSON.parse makes "__proto__" an own key; validation would drop it silently.
  if (Object.prototype.hasOwnProperty.call(places, '__proto__')) out.push(limitIssue([i, 'places', '__proto__'], 'a place cannot be called "__proto__"; rename it'));
  if (keys.length > PACK_LIMITS.places) out.push(limitIssue([i, 'places'], `${keys.length} places, over the limit of ${PACK_LIMITS.places}`));
  for (const k of keys.slice(0, PACK_LIMITS.places)) {
    const aliases = (places as Record<string, unknown>)[k];
    if (Array.isArray(aliases)) for (const a of aliases) if (typeof a === 'string') totals.chars += a.length;
  }
  return out;
}

function ruleLimitIssues(r: { terms?: unknown; patterns?: unknown }, at: (string | number)[], totals: Totals): Issue[] {
  const out: Issue[] = [];
  const { terms, patterns } = r;
  if (Array.isArray(terms)) {
    totals.terms += terms.length;
    if (terms.length > PACK_LIMITS.termsPerRule) out.push(limitIssue([...at, 'terms'], `${terms.length} terms, over the limit of ${PACK_LIMITS.termsPerRule} per rule; split the rule`));
    for (const t of terms) if (typeof t === 'string') totals.chars += t.length;
  }
  if (Array.isArray(patterns)) {
    totals.patterns += patterns.length;
    if (patterns.length > PACK_LIMITS.patternsPerRule) out.push(limitIssue([...at, 'patterns'], `${patterns.length} patterns, over the limit of ${PACK_LIMITS.patternsPerRule} per rule`));
    patterns.forEach((pat: unknown, j: number) => {
      if (typeof pat !== 'string') return;
      totals.chars += pat.length;
      const ops = (pat.replace(/\\./g, '').match(/[*+?|]|\{\d*,?\d*\}/g) ?? []).length;
      if (ops > PACK_LIMITS.patternOperators) out.push(limitIssue([...at, 'patterns', j], `${ops} quantifiers and alternations, over the limit of ${PACK_LIMITS.patternOperators}; use terms for word lists`));
    });
  }
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

let builtinSet: RuleSet | undefined;
let builtinCache: RulePack[] | undefined;

/** The built-in packs (`src/rules/packs/*.json`, validated by the tests and `npm run rules:check`). */
export function builtinPacks(): RulePack[] {
  builtinCache ??= [...builtinRules().packs];
  return builtinCache;
}

/** The compiled built-in rule set, built once. */
export function builtinRules(): RuleSet {
  // The built-in packs are validated against RulePackSchema by the tests and by
  // `npm run rules:check`, not at every start (about 45 ms of a cold start).
  builtinSet ??= new RuleSet(withGazetteer(BUILTIN_PACKS as unknown as RulePack[]), { lexicon: builtinLexicon(), certified: certifiedPatternSet() });
  return builtinSet;
}
