/**
 * Stage 3: rules. Loads and validates rule packs (load.ts), matches them on the folded text
 * (compile.ts, match.ts, places.ts), extracts indicators, and turns hits into per-label rule
 * scores, frame (context) strengths and evidence with spans of the input (score.ts).
 * @module
 */
import type { Normalized } from '../normalize/index.js';
import type { LanguageCode } from '../taxonomy.js';
import type { Evidence, Indicators, LabelScores } from '../types.js';
import type { RuleSet } from './compile.js';
import { skeletonTokens, tokenize, type RuleHit, type Token } from './match.js';
import { LATIN_NATIVE, isMostlyLatin, mixedLanguages, packSpeaks } from './mixing.js';
import { placesAndRoutes } from './places.js';
import { LabelAggregate, keepDisjoint, type ContextScores } from './score.js';
import { structureOf, type Structure } from './structure.js';
import { findIndicators, findPrices } from './indicators.js';

export { PACK_LIMITS } from '../limits.js';
export { RuleSet, type RuleLexicon, type RuleSetOptions } from './compile.js';
export { tokenize } from './match.js';
export { loadRules, safeLoadRules, builtinPacks, builtinRules, builtinLexicon, type SafeLoadResult } from './load.js';
export { FOREIGN_PACK_DISCOUNT, QUOTED_OFFER_FRAME, SKELETON_DISCOUNT, type ContextScores } from './score.js';
export { RulePackSchema, RuleSchema, type Rule, type RulePack } from './schema.js';
export { findIndicators, findPrices } from './indicators.js';
export { latinSkeleton, scriptSkeletons } from './skeleton.js';
export { structureOf, type Structure } from './structure.js';

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

/**
 * The hits that may speak for a post in `lang`: term and pattern hits, romanised hits when the
 * post was detected as romanised text of a script language, then only those of packs that speak
 * for the post (mixing.ts).
 */
function speakingHits(n: Normalized, lang: LanguageCode, rules: RuleSet, tokens: Token[]): RuleHit[] {
  const mixed = mixedLanguages(tokens);
  const all = rules.match(n.text, tokens);
  if (rules.hasSkeletons && !LATIN_NATIVE.has(lang) && lang !== 'und') {
    all.push(...rules.matchSkeletons(skeletonTokens(n, tokens, (w) => rules.isLatinWord(w))));
  }
  const latinPost = isMostlyLatin(n.text);
  return all.filter((h) => packSpeaks(h.rule.lang, lang, n.text.slice(h.start, h.end), mixed, h.romanised === true, latinPost));
}

/**
 * Runs the rules on a normalised post.
 * @example analyzeRules(normalize('Boat to UK, 3 places, WhatsApp +44 7700 900123'), 'eng', builtinRules())
 */
export function analyzeRules(n: Normalized, lang: LanguageCode, rules: RuleSet): RuleAnalysis {
  const tokens = tokenize(n.text);
  const hits = speakingHits(n, lang, rules, tokens);
  const aggregate = new LabelAggregate(n);
  const perRule = aggregate.addRuleEvidence(keepDisjoint(hits, lang));
  aggregate.addQuotedOfferFrame();
  aggregate.addRuleWeights(perRule);
  const found = findIndicators(n.original, lang);
  const prices = findPrices(n.text);
  aggregate.addIndicators(found, prices);
  const { places, routes } = placesAndRoutes(rules.findPlaces(tokens), tokens);
  const labels = aggregate.labels();
  const indicators: Indicators = {
    phones: unique(found.phones.map((p) => p.value)),
    handles: unique(found.handles.map((h) => h.value)),
    urls: unique(found.urls.map((u) => u.value)),
    prices: prices.map((p) => p.value),
    places,
    routes,
  };
  return { labels, contexts: aggregate.contexts(), evidence: aggregate.evidence, indicators, structure: structureOf(labels, indicators, n.original) };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
