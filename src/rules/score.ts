/**
 * Label aggregation: rule hits and indicators become per-label scores and frame strengths, each a
 * noisy-OR of the weights that speak for it (`1 - Π(1 - w)`), with their evidence. Matches of
 * another language's pack and romanised matches count at a discount; overlapping matches for one
 * label count once; an offer whose evidence lies inside quotation marks reads as reported speech.
 * @module
 */
import { originalSpan, type Normalized } from '../normalize/index.js';
import { CONTEXTS, LABELS, PRIMARY_LABELS, type Context, type Label, type LanguageCode } from '../taxonomy.js';
import type { Evidence, LabelScores, Price } from '../types.js';
import { MAX_EVIDENCE, MAX_RULE_EVIDENCE } from '../limits.js';
import type { RulePack } from './schema.js';
import type { RuleHit } from './match.js';
import type { Found, FoundIndicators } from './indicators.js';
import { quotedSpans } from './quotes.js';

/** Matches from packs of another language than the post's count for this share of their weight. */
export const FOREIGN_PACK_DISCOUNT = 0.7;
/** A post whose offer evidence all lies inside quotation marks gets a reporting frame this strong. */
export const QUOTED_OFFER_FRAME = 0.7;
/** Script terms matched on romanised words (by consonant skeleton) count for this share. */
export const SKELETON_DISCOUNT = 0.8;
/** Evidence weights for indicators. */
export const INDICATOR_WEIGHT = { phone: 0.45, handle: 0.45, price: 0.45 } as const;

/** Frame strengths in [0, 1], per context. */
export type ContextScores = Record<Context, number>;

/** Languages whose pack runs at full weight for a post in `lang` (others run at a discount). */
export function isHomePack(packLang: RulePack['lang'], lang: LanguageCode): boolean {
  return packLang === 'common' || lang === 'und' || packLang === lang;
}

/** A hit with the weight it counts for. */
export interface WeightedHit {
  hit: RuleHit;
  weight: number;
}

/** Per rule: the best weight among its kept hits, and how many distinct terms matched. */
export type PerRule = Map<string, { hit: RuleHit; weight: number; terms: Set<string> }>;

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
 * Weighs hits (foreign-pack and skeleton discounts) and keeps, per label or context, the best of
 * overlapping ones: several packs' price patterns on "300 Euro", or "boat" inside "boat to UK",
 * are one piece of evidence, not three. Returned in order of position.
 */
export function keepDisjoint(hits: readonly RuleHit[], lang: LanguageCode): WeightedHit[] {
  const scored = hits.map((hit) => ({
    hit,
    weight: hit.rule.weight * (isHomePack(hit.rule.lang, lang) ? 1 : FOREIGN_PACK_DISCOUNT) * (hit.romanised ? SKELETON_DISCOUNT : 1),
  }));
  scored.sort((a, b) => b.weight - a.weight || a.hit.start - b.hit.start);
  const taken = new Map<string, DisjointSpans>();
  const kept: WeightedHit[] = [];
  for (const s of scored) {
    const key = s.hit.rule.label ?? s.hit.rule.context!;
    let spans = taken.get(key);
    if (!spans) taken.set(key, (spans = new DisjointSpans()));
    if (spans.add(s.hit.start, s.hit.end)) kept.push(s);
  }
  kept.sort((a, b) => a.hit.start - b.hit.start);
  return kept;
}

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

/**
 * Aggregates one post's findings. Each label and context keeps its miss, `Π(1 - w)` over what
 * spoke for it, in the order added (so the floats are the same whatever calls them).
 */
export class LabelAggregate {
  readonly evidence: Evidence[] = [];
  private readonly labelMiss = Object.fromEntries(LABELS.map((l) => [l, 1])) as LabelScores;
  private readonly contextMiss = Object.fromEntries(CONTEXTS.map((c) => [c, 1])) as ContextScores;

  constructor(private readonly n: Normalized) {}

  /** Adds kept hits as evidence (at most {@link MAX_RULE_EVIDENCE}); returns them per rule. */
  addRuleEvidence(kept: readonly WeightedHit[]): PerRule {
    const perRule: PerRule = new Map();
    for (const { hit, weight } of kept) {
      const prev = perRule.get(hit.rule.key);
      if (prev) {
        prev.terms.add(hit.term);
        if (weight > prev.weight) prev.weight = weight;
      } else {
        perRule.set(hit.rule.key, { hit, weight, terms: new Set([hit.term]) });
      }
      if (this.evidence.length < MAX_RULE_EVIDENCE) this.evidence.push(evidenceFor(this.n, hit, weight));
    }
    return perRule;
  }

  /** Offer words inside quotation marks are reported speech (news, warnings), not an offer. */
  addQuotedOfferFrame(): void {
    const offers = this.evidence.filter((e) => e.source === 'rules' && (PRIMARY_LABELS as readonly string[]).includes(e.label));
    if (!offers.length) return;
    const quotes = quotedSpans(this.n.original);
    const inside = quotes.length ? offers.filter((e) => quotes.some(([a, b]) => e.start > a && e.end <= b)) : [];
    if (!inside.length) return;
    const strength = QUOTED_OFFER_FRAME * (inside.length / offers.length);
    this.contextMiss.report *= 1 - strength;
    const [a, b] = quotes.find(([qa, qb]) => inside[0]!.start > qa && inside[0]!.end <= qb)!;
    const text = this.n.original.slice(a, b + 1);
    this.evidence.push({ label: 'context', source: 'context', rule: 'common:context.quoted_offer', context: 'report', start: a, end: b + 1, text, weight: Math.round(strength * 1000) / 1000 });
  }

  /** Each rule's best weight; a second distinct term of the same rule adds half as much again. */
  addRuleWeights(perRule: PerRule): void {
    for (const { hit, weight, terms } of perRule.values()) {
      const w = 1 - (1 - weight) ** (1 + 0.5 * Math.min(terms.size - 1, 2));
      if (hit.rule.label) this.labelMiss[hit.rule.label] *= 1 - w;
      if (hit.rule.context) this.contextMiss[hit.rule.context] *= 1 - w;
    }
  }

  /** Phones and handles speak for `contact_handoff`, prices (folded offsets) for `payment_terms`. */
  addIndicators(found: FoundIndicators, prices: readonly Found<Price>[]): void {
    for (const p of found.phones) this.addIndicator('contact_handoff', 'indicator.phone', p.start, p.end, INDICATOR_WEIGHT.phone);
    for (const h of found.handles) this.addIndicator('contact_handoff', 'indicator.handle', h.start, h.end, INDICATOR_WEIGHT.handle);
    for (const p of prices) {
      const span = originalSpan(this.n, p.start, p.end);
      this.addIndicator('payment_terms', 'indicator.price', span.start, span.end, INDICATOR_WEIGHT.price);
    }
  }

  private addIndicator(label: Label, rule: string, start: number, end: number, weight: number): void {
    this.labelMiss[label] *= 1 - weight;
    if (this.evidence.length < MAX_EVIDENCE) {
      this.evidence.push({ label, source: 'indicator', rule, start, end, text: this.n.original.slice(start, end), weight });
    }
  }

  /** The label scores, `1 - miss`. */
  labels(): LabelScores {
    return Object.fromEntries(LABELS.map((l) => [l, 1 - this.labelMiss[l]])) as LabelScores;
  }

  /** The frame strengths, `1 - miss`. */
  contexts(): ContextScores {
    return Object.fromEntries(CONTEXTS.map((c) => [c, 1 - this.contextMiss[c]])) as ContextScores;
  }
}
